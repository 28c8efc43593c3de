"""The peer's saga on chosen logistic candidates, at its own budget and at 100x the epochs (docs/benchmarks.md,
"The logistic candidates 0.2 apart"): shows which side of bench:search stops far from the optimum.

Usage: npx tsx bench/search.ts --families logistic --keep-input   (prints the kept input's path)
       /usr/bin/python3 bench/search_peer_saga.py INPUT.json 35,48
"""
import os
import sys
import time
import warnings

import numpy as np
from sklearn.metrics import roc_auc_score

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import search_peer  # noqa: E402  (beside this file)

warnings.filterwarnings('ignore')

BUDGETS = [('saga 1000 epochs, tol 1e-4 (the peer)', 1000, 1e-4), ('saga 100000 epochs, tol 1e-8', 100000, 1e-8)]


def main():
    spec, frame, y, folds = search_peer.read_spec(sys.argv[1])
    family = spec['families'][0]
    for index in [int(a) for a in sys.argv[2].split(',')]:
        params = {k: v[0] for k, v in search_peer.grid_point(family['candidates'][index]).items()}
        for label, max_iter, tol in BUDGETS:
            aucs, epochs, start = [], [], time.time()
            # Fold by fold (GridSearchCV keeps no fold's estimator, so no n_iter_ to show).
            for train, test in folds:
                pipe = search_peer.pipeline_of(spec, 'logistic', dict(family['fixed'], maxIter=max_iter, tol=tol))
                pipe.set_params(**params)
                pipe.fit(frame.iloc[train], y[train])
                aucs.append(roc_auc_score(y[test], pipe.decision_function(frame.iloc[test])))
                epochs.append(int(pipe.named_steps['model'].n_iter_[0]))
            print(index, label, 'mean AUC %.4f' % np.mean(aucs), 'epochs', epochs, '%.1f s' % (time.time() - start), flush=True)


if __name__ == '__main__':
    main()
