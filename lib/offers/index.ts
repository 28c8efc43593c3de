/** Personal offers: the catalogue, reasons per customer, the offer and category of each, the campaign under a budget. */
export * from './catalogue';
export * from './default-catalogue';
export * from './reasons';
export * from './personal';
export * from './category';
export * from './campaign';
export * from './study';
export * from './scoring';
export * from './summary';
