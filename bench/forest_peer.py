"""scikit-learn side of bench/forest.ts: fits the same random forests on the same data, in the same run.

Usage: /usr/bin/python3 bench/forest_peer.py INPUT.json OUTPUT.json
INPUT (written by bench/forest.ts): training and test matrices, labels, tree count, repeats, and the
max_features settings to time. OUTPUT: per setting and n_jobs (1 and -1) the median wall and CPU seconds of a
fit over the repeats, and the test ROC-AUC of the first fit.
"""
import json
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score


def main():
    with open(sys.argv[1], encoding="utf-8") as fh:
        spec = json.load(fh)
    X = np.asarray(spec["X"], dtype=float).reshape(spec["nRows"], spec["nCols"])
    y = np.asarray(spec["y"], dtype=int)
    Xt = np.asarray(spec["Xtest"], dtype=float).reshape(-1, spec["nCols"])
    yt = np.asarray(spec["ytest"], dtype=int)
    out = {"sklearn": sklearn.__version__, "cpus": os.cpu_count(), "runs": []}
    for setting in spec["settings"]:
        max_features = setting["maxFeatures"]
        for n_jobs in (1, -1):
            walls, cpus, auc = [], [], None
            for r in range(spec["repeats"] + 1):
                model = RandomForestClassifier(n_estimators=spec["nEstimators"], max_features=max_features,
                                               n_jobs=n_jobs, random_state=42 + r)
                w0, c0 = time.perf_counter(), time.process_time()
                model.fit(X, y)
                w1, c1 = time.perf_counter(), time.process_time()
                if r == 0:
                    # The first fit warms up the thread pool and imports: not timed, like the TS warm-up.
                    auc = float(roc_auc_score(yt, model.predict_proba(Xt)[:, 1]))
                    continue
                walls.append(w1 - w0)
                cpus.append(c1 - c0)
            out["runs"].append({"maxFeatures": max_features, "nJobs": n_jobs, "wallSeconds": float(np.median(walls)),
                                "cpuSeconds": float(np.median(cpus)), "testAuc": auc})
    with open(sys.argv[2], "w", encoding="utf-8") as fh:
        json.dump(out, fh)


if __name__ == "__main__":
    main()
