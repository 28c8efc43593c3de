"""scikit-learn side of bench/models-linear.ts: the same logistic, SVC and k-NN fits on the same data, in the
same run.

Usage: /usr/bin/python3 bench/models_linear_peer.py INPUT.json OUTPUT.json
INPUT (written by bench/models-linear.ts): train/test matrices and labels, the logistic, SVC and k-NN
settings, repeats. OUTPUT per setting: median wall ms of a fit (after one untimed warm-up fit), the
coefficients of sklearn's default-tolerance fit, SVC decision
values on the test rows, test ROC-AUC.
"""
import json
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC

warnings.filterwarnings("ignore")


def timed(make, X, y, repeats):
    make().fit(X, y)  # warm-up
    walls = []
    model = None
    for _ in range(repeats):
        model = make()
        t0 = time.perf_counter()
        model.fit(X, y)
        walls.append((time.perf_counter() - t0) * 1000)
    return model, float(np.median(walls))


def main():
    with open(sys.argv[1], encoding="utf-8") as fh:
        spec = json.load(fh)
    X = np.asarray(spec["X"], dtype=float).reshape(spec["nRows"], spec["nCols"])
    y = np.asarray(spec["y"], dtype=int)
    Xt = np.asarray(spec["Xtest"], dtype=float).reshape(-1, spec["nCols"])
    yt = np.asarray(spec["ytest"], dtype=int)
    reps = spec["repeats"]
    out = {"sklearn": sklearn.__version__, "logistic": [], "svc": [], "knn": []}
    for s in spec["logistic"]:
        kw = dict(penalty=s["penalty"], C=s["C"], class_weight=s["classWeight"])
        if s["penalty"] == "elasticnet":
            kw["l1_ratio"] = s["l1Ratio"]
        solver = "lbfgs" if s["penalty"] in ("l2", "none") else "saga"
        model, ms = timed(lambda: LogisticRegression(solver=solver, max_iter=1000, **kw), X, y, reps)
        out["logistic"].append({
            "solver": solver, "ms": ms, "nIter": int(model.n_iter_[0]),
            "coef": model.coef_[0].tolist(), "intercept": float(model.intercept_[0]),
            "auc": float(roc_auc_score(yt, model.predict_proba(Xt)[:, 1])),
        })
    for s in spec["svc"]:
        kw = dict(kernel=s["kernel"], C=s["C"], gamma=s["gamma"], degree=s["degree"], coef0=s["coef0"])
        model, ms = timed(lambda: SVC(**kw), X, y, reps)
        pmodel, pms = timed(lambda: SVC(probability=True, random_state=0, **kw), X, y, reps)
        out["svc"].append({
            "ms": ms, "msProbability": pms, "nSupport": int(model.n_support_.sum()),
            "decision": model.decision_function(Xt).tolist(),
            "auc": float(roc_auc_score(yt, pmodel.predict_proba(Xt)[:, 1])),
        })
    for s in spec["knn"]:
        model = KNeighborsClassifier(n_neighbors=s["k"], weights=s["weights"], metric=s["metric"], algorithm="brute").fit(X, y)
        model.predict_proba(Xt)
        walls = []
        for _ in range(reps):
            t0 = time.perf_counter()
            p = model.predict_proba(Xt)[:, 1]
            walls.append((time.perf_counter() - t0) * 1000)
        out["knn"].append({"ms": float(np.median(walls)), "auc": float(roc_auc_score(yt, p))})
    with open(sys.argv[2], "w", encoding="utf-8") as fh:
        json.dump(out, fh)


if __name__ == "__main__":
    main()
