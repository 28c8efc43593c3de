"""The peer of `npm run bench:score`: the same scoring job in pandas + scikit-learn.

usage: /usr/bin/python3 bench/score_peer.py fit TRAIN_DIR MODEL.pkl
       /usr/bin/python3 bench/score_peer.py score MODEL.pkl DATA_DIR OUT_CSV

`fit` fits the study's pipeline (StandardScaler on numeric features, OneHotEncoder(drop='first') on the
categorical ones, OrdinalEncoder on the service type, LogisticRegression) on TRAIN_DIR's cleaned table and
pickles it (the peer of the TypeScript model file). `score` loads it and scores DATA_DIR as the TypeScript
scorer does: read the four files, fix the known typos, pivot and merge, drop inactive and extreme-revenue
customers, predict_proba, write id,dropProbability. Prints one JSON line: phase times (ms, wall), CPU time
of the timed part, and peak RSS (MB, this process's high-water mark).
"""
import json
import pickle
import resource
import sys
import time

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

TYPOS = {
    "Тип сервиса": {"стандартт": "стандарт"},
    "Популярная_категория": {"Косметика и аксесуары": "Косметика и аксессуары"},
}
PERIOD_TYPOS = {"предыдцщий_месяц": "предыдущий_месяц"}
NUMERIC = [
    "Маркет_актив_6_мес", "Маркет_актив_тек_мес", "Длительность", "Акционные_покупки",
    "Средний_просмотр_категорий_за_визит", "Неоплаченные_продукты_штук_квартал", "Ошибка_сервиса",
    "Страниц_за_визит", "revenue_препредыдущий_месяц", "revenue_предыдущий_месяц", "revenue_текущий_месяц",
    "minutes_предыдущий_месяц", "minutes_текущий_месяц",
]
CATEGORICAL = ["Разрешить сообщать", "Популярная_категория"]
ORDINAL = ["Тип сервиса"]
EXTREME = 20000


def load(directory):
    market = pd.read_csv(f"{directory}/market_file.csv", encoding="utf-8-sig")
    money = pd.read_csv(f"{directory}/market_money.csv")
    minutes = pd.read_csv(f"{directory}/market_time.csv")
    profit = pd.read_csv(f"{directory}/money.csv", sep=";", decimal=",")
    market = market.drop_duplicates()
    for column, fixes in TYPOS.items():
        market[column] = market[column].replace(fixes)
    money["Период"] = money["Период"].replace(PERIOD_TYPOS)
    minutes["Период"] = minutes["Период"].replace(PERIOD_TYPOS)
    revenue = money.pivot(index="id", columns="Период", values="Выручка").add_prefix("revenue_")
    time_ = minutes.pivot(index="id", columns="Период", values="минут").add_prefix("minutes_")
    table = market.set_index("id").join(revenue).join(time_).join(profit.set_index("id"))
    rev = table[["revenue_препредыдущий_месяц", "revenue_предыдущий_месяц", "revenue_текущий_месяц"]]
    keep = (rev > 0).all(axis=1) & (rev <= EXTREME).all(axis=1)
    return table[keep]


def fit(train_dir, model_path):
    train = load(train_dir)
    y = (train["Покупательская активность"] == "Снизилась").astype(int)
    pipe = Pipeline([
        ("prep", ColumnTransformer([
            ("scaler", StandardScaler(), NUMERIC),
            ("onehot", OneHotEncoder(drop="first", handle_unknown="ignore"), CATEGORICAL),
            ("ordinal", OrdinalEncoder(categories=[["стандарт", "премиум"]]), ORDINAL),
        ])),
        ("model", LogisticRegression(max_iter=1000)),
    ]).fit(train[NUMERIC + CATEGORICAL + ORDINAL], y)
    with open(model_path, "wb") as f:
        pickle.dump(pipe, f)


def score(model_path, data_dir, out):
    c0 = time.process_time()
    t0 = time.perf_counter()
    with open(model_path, "rb") as f:
        pipe = pickle.load(f)
    table = load(data_dir)
    t1 = time.perf_counter()
    proba = pipe.predict_proba(table[NUMERIC + CATEGORICAL + ORDINAL])[:, 1]
    t2 = time.perf_counter()
    pd.DataFrame({"id": table.index, "dropProbability": proba}).to_csv(out, index=False, float_format="%.6f")
    t3 = time.perf_counter()
    c3 = time.process_time()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "scored": int(len(table)),
        "readMergeMs": round((t1 - t0) * 1000, 1),
        "predictMs": round((t2 - t1) * 1000, 1),
        "writeMs": round((t3 - t2) * 1000, 1),
        "totalMs": round((t3 - t0) * 1000, 1),
        "cpuMs": round((c3 - c0) * 1000, 1),
        "peakRssMb": round(rss_mb, 1),
    }))


if __name__ == "__main__":
    if sys.argv[1] == "fit":
        fit(*sys.argv[2:4])
    else:
        score(*sys.argv[2:5])
