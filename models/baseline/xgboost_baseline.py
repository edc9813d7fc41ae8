#!/usr/bin/python3
"""XGBoost baseline with the legacy system's settings, on exactly the features and split Sluice trains on.

Usage:
    ./sluice export-features --data DATA.jsonl --out FEATURES_DIR
    /usr/bin/python3 models/baseline/xgboost_baseline.py FEATURES_DIR OUT_DIR [--threads N]
    ./sluice evaluate --model MODEL_DIR --data DATA.jsonl --out REPORT_DIR --compare xgboost=OUT_DIR/test-predictions.csv

Trains one binary:logistic booster per partner with the legacy settings (max_depth 5, eta 0.2, gamma 4,
min_child_weight 6, subsample 0.8, 50 rounds, early stopping after 20 rounds without a gain in validation log
loss) on train.svm, stops early on validation.svm, and writes OUT_DIR/test-predictions.csv (id,<partner>,...)
plus OUT_DIR/run.json (settings, rounds used, timings). Needs Debian's python3-xgboost
(apt-get install python3-xgboost); the Maven build does not.
"""
import argparse
import csv
import json
import os
import time

import numpy as np
import scipy.sparse
import xgboost as xgb

LEGACY_PARAMS = {
    "objective": "binary:logistic",
    "eval_metric": "logloss",
    "max_depth": 5,
    "eta": 0.2,
    "gamma": 4,
    "min_child_weight": 6,
    "subsample": 0.8,
    "seed": 42,
    # Not a legacy setting: the histogram method only makes the 112K-column sparse input fast to split.
    "tree_method": "hist",
}
ROUNDS = 50
EARLY_STOPPING_ROUNDS = 20


def read_split(features_dir, split, dimension):
    """The split's multi-hot rows as a CSR matrix, its request ids, partner ids and 0/1 label matrix."""
    indptr, indices = [0], []
    with open(os.path.join(features_dir, split + ".svm")) as lines:
        for line in lines:
            # "0 12:1 4096:1 ...": the label field is a placeholder; labels live in the CSV.
            indices.extend(int(token.split(":", 1)[0]) for token in line.split()[1:])
            indptr.append(len(indices))
    rows = len(indptr) - 1
    matrix = scipy.sparse.csr_matrix(
        (np.ones(len(indices), dtype=np.float32), np.array(indices, dtype=np.int64), np.array(indptr)),
        shape=(rows, dimension))
    with open(os.path.join(features_dir, split + "-labels.csv"), newline="") as f:
        reader = csv.reader(f)
        partners = next(reader)[1:]
        ids, labels = [], []
        for record in reader:
            ids.append(record[0])
            labels.append([int(v) for v in record[1:]])
    if len(ids) != rows:
        raise SystemExit("%s: %d feature rows but %d label rows" % (split, rows, len(ids)))
    return matrix, ids, partners, np.array(labels, dtype=np.float32)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("features_dir")
    parser.add_argument("out_dir")
    parser.add_argument("--threads", type=int, default=2, help="XGBoost threads (default 2)")
    args = parser.parse_args()

    with open(os.path.join(args.features_dir, "feature-spec.json")) as f:
        dimension = json.load(f)["dimension"]
    started = time.time()
    train, _, partners, train_labels = read_split(args.features_dir, "train", dimension)
    validation, _, _, validation_labels = read_split(args.features_dir, "validation", dimension)
    test, test_ids, _, _ = read_split(args.features_dir, "test", dimension)
    loaded = time.time()

    params = dict(LEGACY_PARAMS, nthread=args.threads)
    dtest = xgb.DMatrix(test)
    predictions, rounds = [], {}
    for p, partner in enumerate(partners):
        dtrain = xgb.DMatrix(train, label=train_labels[:, p])
        dvalid = xgb.DMatrix(validation, label=validation_labels[:, p])
        booster = xgb.train(params, dtrain, num_boost_round=ROUNDS, evals=[(dvalid, "validation")],
                            early_stopping_rounds=EARLY_STOPPING_ROUNDS, verbose_eval=False)
        rounds[partner] = booster.best_iteration + 1
        predictions.append(booster.predict(dtest, iteration_range=(0, booster.best_iteration + 1)))
        print("partner %s: %d rounds, validation log loss %.4f" % (partner, rounds[partner], booster.best_score),
              flush=True)
    trained = time.time()

    os.makedirs(args.out_dir, exist_ok=True)
    with open(os.path.join(args.out_dir, "test-predictions.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id"] + partners)
        for i, request_id in enumerate(test_ids):
            writer.writerow([request_id] + ["%.7f" % predictions[p][i] for p in range(len(partners))])
    with open(os.path.join(args.out_dir, "run.json"), "w") as f:
        json.dump({"xgboost": xgb.__version__, "params": params, "max_rounds": ROUNDS,
                   "early_stopping_rounds": EARLY_STOPPING_ROUNDS, "rounds_used": rounds,
                   "rows": {"train": train.shape[0], "validation": validation.shape[0], "test": test.shape[0]},
                   "seconds": {"load": round(loaded - started, 1), "train": round(trained - loaded, 1)}},
                  f, indent=2)
    print("wrote %s (%d test rows); load %.0fs, train %.0fs" % (
        os.path.join(args.out_dir, "test-predictions.csv"), len(test_ids), loaded - started, trained - loaded))


if __name__ == "__main__":
    main()
