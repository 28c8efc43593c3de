"""scikit-learn side of bench/search.ts: the same candidates on the same folds, GridSearchCV(n_jobs=-1).

Usage: /usr/bin/python3 bench/search_peer.py INPUT.json OUTPUT.json
INPUT (written by bench/search.ts): the training frame's columns, labels, the CV folds' test indices, the
numeric/categorical/ordinal column lists, and per family the candidates as pipeline path parameters
('prep.scaler', 'model.C', ...). OUTPUT: per family the wall time, every candidate's mean CV ROC-AUC and the best.
"""
import json
import os
import sys
import time
import warnings

import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, OrdinalEncoder, StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

# Workers inherit this: silence the convergence and l1_ratio chatter of 250 logistic fits.
os.environ['PYTHONWARNINGS'] = 'ignore'
warnings.filterwarnings('ignore')

SCALERS = {'standard': StandardScaler, 'minmax': MinMaxScaler, 'none': lambda: 'passthrough'}


def model_of(family, fixed):
    """The sklearn estimator of a family, with the study's fixed hyperparameters."""
    if family == 'logistic':
        return LogisticRegression(solver='saga', max_iter=fixed.get('maxIter', 1000), tol=fixed.get('tol', 1e-4),
                                  fit_intercept=fixed.get('fitIntercept', True))
    if family == 'knn':
        return KNeighborsClassifier()
    if family == 'tree':
        return DecisionTreeClassifier(random_state=fixed.get('seed', 42))
    if family == 'svc':
        # Scored through decision_function (sklearn's roc_auc scorer): no Platt fit needed for a ranking.
        return SVC(random_state=fixed.get('seed', 42))
    if family == 'forest':
        return RandomForestClassifier(random_state=fixed.get('seed', 42), bootstrap=fixed.get('bootstrap', True))
    raise ValueError(f'unknown family {family}')


NAMES = {
    'C': 'C', 'penalty': 'penalty', 'classWeight': 'class_weight', 'k': 'n_neighbors', 'weights': 'weights',
    'metric': 'metric', 'criterion': 'criterion', 'maxDepth': 'max_depth', 'minSamplesSplit': 'min_samples_split',
    'minSamplesLeaf': 'min_samples_leaf', 'kernel': 'kernel', 'gamma': 'gamma', 'degree': 'degree',
    'nEstimators': 'n_estimators', 'maxFeatures': 'max_features', 'l1Ratio': 'l1_ratio',
}


def grid_point(candidate):
    """A TS candidate ({'prep.scaler': 'minmax', 'model.C': 0.5}) as a one-point sklearn param grid."""
    point = {}
    penalty = candidate.get('model.penalty')
    if penalty is not None:
        # scikit-learn's recommended solver per penalty: lbfgs (default) for l2/none, liblinear for l1 on a
        # small data set, saga for elastic-net (the only one). saga for all would run 1000 epochs on
        # unscaled candidates without converging (slower, and a worse model than the TS Newton solver).
        point['model__solver'] = [{'l2': 'lbfgs', 'none': 'lbfgs', 'l1': 'liblinear'}.get(penalty, 'saga')]
    for path, value in candidate.items():
        section, name = path.split('.', 1)
        if section == 'prep':
            point['prep__num'] = [SCALERS[value]()]
        elif name == 'l1Ratio':
            point['model__l1_ratio'] = [value if penalty == 'elasticnet' else None]
        else:
            point['model__' + NAMES[name]] = [value]
    return point


def read_spec(file):
    """The input bench/search.ts wrote: the spec, the training frame, its labels and the CV folds (train, test)."""
    with open(file, encoding='utf-8') as fh:
        spec = json.load(fh)
    frame = pd.DataFrame({k: (np.asarray(v, dtype=float) if spec['kinds'][k] == 'numeric' else v)
                          for k, v in spec['columns'].items()})
    y = np.asarray(spec['y'], dtype=int)
    n = len(y)
    folds = []
    for test in spec['foldTests']:
        test = np.asarray(test, dtype=int)
        mask = np.ones(n, dtype=bool)
        mask[test] = False
        folds.append((np.flatnonzero(mask), test))
    return spec, frame, y, folds


def pipeline_of(spec, family, fixed):
    """The study's preprocessing (scaler placeholder, one-hot, ordinal) and a family's estimator."""
    columns = lambda kind: [c for c, k in spec['kinds'].items() if k == kind]
    prep = ColumnTransformer([
        ('num', StandardScaler(), columns('numeric')),
        ('onehot', OneHotEncoder(drop='first', handle_unknown='ignore', sparse_output=False), columns('categorical')),
        ('ordinal', OrdinalEncoder(categories=[spec['ordinalOrder'][c] for c in columns('ordinal')]), columns('ordinal')),
    ])
    return Pipeline([('prep', prep), ('model', model_of(family, fixed))])


def main():
    spec, frame, y, folds = read_spec(sys.argv[1])
    out = {'sklearn': sklearn.__version__, 'nJobs': spec.get('nJobs', -1), 'families': {}}
    total_start = time.perf_counter()
    for fam in spec['families']:
        pipe = pipeline_of(spec, fam['family'], fam['fixed'])
        search = GridSearchCV(pipe, [grid_point(c) for c in fam['candidates']], scoring='roc_auc', cv=folds,
                              n_jobs=spec.get('nJobs', -1), refit=True, error_score=np.nan)
        start = time.perf_counter()
        search.fit(frame, y)
        seconds = time.perf_counter() - start
        means = search.cv_results_['mean_test_score']
        out['families'][fam['family']] = {
            'seconds': seconds,
            'meanScores': [None if np.isnan(v) else float(v) for v in means],
            'stdScores': [None if np.isnan(v) else float(v) for v in search.cv_results_['std_test_score']],
            'meanFitSeconds': [float(v) for v in search.cv_results_['mean_fit_time']],
            'bestIndex': int(search.best_index_),
            'bestScore': float(search.best_score_),
        }
        print(f"  sklearn {fam['family']:<9} {seconds:7.2f} s  best CV ROC-AUC {search.best_score_:.4f}", flush=True)
    out['totalSeconds'] = time.perf_counter() - total_start
    with open(sys.argv[2], 'w', encoding='utf-8') as fh:
        json.dump(out, fh)


if __name__ == '__main__':
    main()
