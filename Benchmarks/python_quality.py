"""Times crowd-kit, choix and krippendorff on the files `cadre bench quality` writes.

Usage: pip install crowd-kit choix krippendorff
       python3 Benchmarks/python_quality.py DIRECTORY   # the --directory given to cadre bench quality
"""
import json
import sys
import time

import pandas as pd

directory = sys.argv[1]
out = {}

from crowdkit.aggregation import DawidSkene, MajorityVote

start = time.time()
labels = pd.read_csv(f"{directory}/labels.csv")
fit_start = time.time()
consensus = DawidSkene(n_iter=100).fit_predict(labels)
out["crowdkit_ds_seconds_fit"] = time.time() - fit_start
out["crowdkit_ds_seconds_total"] = time.time() - start
truth = pd.read_csv(f"{directory}/labels_truth.csv").set_index("task")["label"]
out["crowdkit_ds_accuracy"] = float((consensus.reindex(truth.index) == truth).mean())
fit_start = time.time()
majority = MajorityVote().fit_predict(labels)
out["crowdkit_mv_seconds"] = time.time() - fit_start
out["crowdkit_mv_accuracy"] = float((majority.reindex(truth.index) == truth).mean())
print(json.dumps(out), flush=True)

import choix

start = time.time()
pairs = pd.read_csv(f"{directory}/pairs.csv")
items = pd.unique(pd.concat([pairs.winner, pairs.loser]))
index = {item: i for i, item in enumerate(items)}
data = list(zip(pairs.winner.map(index), pairs.loser.map(index)))
fit_start = time.time()
choix.ilsr_pairwise(len(items), data, alpha=0.01)
out["choix_ilsr_seconds_fit"] = time.time() - fit_start
out["choix_ilsr_seconds_total"] = time.time() - start
print(json.dumps(out), flush=True)

import krippendorff

start = time.time()
ratings = pd.read_csv(f"{directory}/ratings.csv")
matrix = ratings.pivot(index="coder", columns="unit", values="value").to_numpy(dtype=float)
out["krippendorff_matrix_build_seconds"] = time.time() - start
for level in ["nominal", "ordinal", "interval", "ratio"]:
    fit_start = time.time()
    out[f"alpha_{level}"] = krippendorff.alpha(reliability_data=matrix, level_of_measurement=level)
    out[f"krippendorff_{level}_seconds"] = time.time() - fit_start
print(json.dumps(out, indent=1))
