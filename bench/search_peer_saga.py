"""The peer's saga on chosen logistic candidates, at its own budget and at 100x the epochs (docs/benchmarks.md,
"The logistic candidates 0.2 apart"): shows which side of bench:search stops far from the optimum.

Usage: npx tsx bench/search.ts --families logistic --keep-input   (prints the kept input's path)
       /usr/bin/python3 bench/search_peer_saga.py INPUT.json 35,48
"""
import json, os, sys, time, warnings, numpy as np, pandas as pd
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
warnings.filterwarnings('ignore')
import search_peer as sp
from sklearn.compose import ColumnTransformer
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler
spec = json.load(open(sys.argv[1]))
frame = pd.DataFrame({k: (np.asarray(v, dtype=float) if spec['kinds'][k] == 'numeric' else v) for k, v in spec['columns'].items()})
y = np.asarray(spec['y'], dtype=int); n = len(y)
numeric = [c for c, k in spec['kinds'].items() if k == 'numeric']
categorical = [c for c, k in spec['kinds'].items() if k == 'categorical']
ordinal = [c for c, k in spec['kinds'].items() if k == 'ordinal']
fam = spec['families'][0]
for idx in [int(a) for a in sys.argv[2].split(',')]:
  cand = fam['candidates'][idx]; point = sp.grid_point(cand)
  for label, mi, tol in [('saga 1000 epochs, tol 1e-4 (the peer)', 1000, 1e-4), ('saga 100000 epochs, tol 1e-8', 100000, 1e-8)]:
    aucs = []; iters = []; t = time.time()
    for test in spec['foldTests']:
      test = np.asarray(test); mask = np.ones(n, bool); mask[test] = False
      prep = ColumnTransformer([('num', StandardScaler(), numeric), ('onehot', OneHotEncoder(drop='first', handle_unknown='ignore', sparse_output=False), categorical), ('ordinal', OrdinalEncoder(categories=[spec['ordinalOrder'][c] for c in ordinal]), ordinal)])
      pipe = Pipeline([('prep', prep), ('model', sp.model_of('logistic', dict(fam['fixed'], maxIter=mi, tol=tol)))])
      pipe.set_params(**{k: v[0] for k, v in point.items()})
      pipe.fit(frame.iloc[mask], y[mask])
      aucs.append(roc_auc_score(y[test], pipe.decision_function(frame.iloc[test]))); iters.append(int(pipe.named_steps['model'].n_iter_[0]))
    print(idx, label, 'mean AUC %.4f' % np.mean(aucs), 'epochs', iters, '%.1f s' % (time.time() - t), flush=True)
