"""The peer of `npm run bench:analytics`: the round's analytics done the plain vectorised numpy/scipy way.

    /usr/bin/python3 bench-analytics-peer.py ROUND.json [--warm-up 5] [--runs 20] [--alpha-samples 1000]
        [--stability-samples 500] [--top-n 15] [--seed 1]
    /usr/bin/python3 bench-analytics-peer.py --check

A reference implementation for timing only, not a checked statistic: nothing here is compared with the app's figures.
ROUND.json is the RatingInput that scripts/bench-analytics.ts writes (themes, criteria with weights, committees,
raters with their committee, answers with value or null for "weet ik niet", recusals); reading and parsing it is not
timed. Timed: building the dense rater × theme × criterion array (NaN where no score), and one "call" of
- per committee × theme × criterion: mean, sample SD, median and quartiles (linear = type 7) of the scores;
- per committee × theme: the weighted score (per-criterion means combined by weight, unscored criteria left out);
- per committee × criterion: Krippendorff's ordinal alpha from the coincidence matrix (Krippendorff 2011), with a
  percentile interval over `alpha-samples` bootstrap resamples of the pairable units;
- the combined ranking (mean of the committee ranks, competition ranks) over `stability-samples` resamples of
  raters within their committee: per theme the share of resamples in its top N and the 2.5 / 97.5 % percentile
  of its rank.
Each timing is a first call, then the median and max of `runs` calls after `warm-up` calls. Prints one JSON object
with the timings in ms and peak RSS in bytes (getrusage ru_maxrss, the whole process).

--check prints the versions as JSON, or exits with status 3 and the reason on stderr when numpy or scipy is missing.
"""

import argparse
import json
import platform
import resource
import sys
import time
import warnings


def versions():
    import numpy
    import scipy

    return {"python": platform.python_version(), "numpy": numpy.__version__, "scipy": scipy.__version__}


def dense(round_, np):
    """values[r, t, c], NaN where the answer is not a score, and each rater's committee index."""
    committee_index = {c["id"]: k for k, c in enumerate(round_["committees"])}
    theme_index = {t["id"]: i for i, t in enumerate(round_["themes"])}
    criterion_index = {c["id"]: i for i, c in enumerate(round_["criteria"])}
    seats = {}
    committee = []
    for r in round_["raters"]:
        seats.setdefault(r["id"], []).append(len(committee))
        committee.append(committee_index[r["committeeId"]])
    values = np.full((len(committee), len(theme_index), len(criterion_index)), np.nan)
    for a in round_["answers"]:
        if a["value"] is None:
            continue
        for r in seats[a["raterId"]]:
            values[r, theme_index[a["themeId"]], criterion_index[a["criterionId"]]] = a["value"]
    for recusal in round_["recusals"]:
        for r in seats[recusal["raterId"]]:
            values[r, theme_index[recusal["themeId"]], :] = np.nan
    return values, np.array(committee)


def cell_statistics(values, committee, np):
    out = []
    for k in range(committee.max() + 1):
        x = values[committee == k]
        q1, median, q3 = np.nanpercentile(x, [25, 50, 75], axis=0)
        out.append((np.nanmean(x, axis=0), np.nanstd(x, axis=0, ddof=1), median, q1, q3))
    return out


def weighted(means, weights, np):
    """Per-criterion means (..., C) combined by weight, NaN criteria left out; NaN when none is left."""
    scored = ~np.isnan(means)
    total = (weights * scored).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(scored, means * weights, 0).sum(axis=-1) / total


def committee_scores(values, committee, weights, np):
    committees = range(committee.max() + 1)
    return np.stack([weighted(np.nanmean(values[committee == k], axis=0), weights, np) for k in committees])


def ordinal_alpha(o, np):
    """Alpha of coincidence matrices o (..., V, V) with the ordinal metric; NaN where De = 0."""
    n_c = o.sum(axis=-1)
    n = n_c.sum(axis=-1)
    cum = np.concatenate([np.zeros(n_c.shape[:-1] + (1,)), np.cumsum(n_c, axis=-1)], axis=-1)
    v = n_c.shape[-1]
    lo = np.minimum.outer(np.arange(v), np.arange(v))
    hi = np.maximum.outer(np.arange(v), np.arange(v))
    # δ²(c, k) = (Σ_{g=c..k} n_g − (n_c + n_k) / 2)²
    delta2 = (cum[..., hi + 1] - cum[..., lo] - (n_c[..., :, None] + n_c[..., None, :]) / 2) ** 2
    do = (o * delta2).sum(axis=(-2, -1)) / n
    de = (n_c[..., :, None] * n_c[..., None, :] * delta2).sum(axis=(-2, -1)) / (n * (n - 1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(de > 0, 1 - do / de, np.nan)


def resample_counts(draws, size, np):
    """How often each of `size` items was drawn, per resample (row of draws)."""
    rows = draws.shape[0]
    return np.bincount((np.arange(rows)[:, None] * size + draws).ravel(), minlength=rows * size).reshape(rows, size)


def alpha_interval(data, samples, seed, np):
    """data[rater, unit] with NaN for missing: (alpha, lower, upper) with a unit bootstrap."""
    present = ~np.isnan(data)
    m = present.sum(axis=0)
    data = data[:, m >= 2]
    present = present[:, m >= 2]
    m = m[m >= 2]
    levels = np.unique(data[present])
    counts = np.stack([((data == value) & present).sum(axis=0) for value in levels], axis=1).astype(float)
    # o_ck of a unit = (n_c n_k − [c = k] n_c) / (m − 1)
    pairs = counts[:, :, None] * counts[:, None, :] - counts[:, :, None] * np.eye(len(levels))
    per_unit = pairs / (m - 1)[:, None, None]
    alpha = ordinal_alpha(per_unit.sum(axis=0), np)
    u = len(m)
    draws = np.random.default_rng(seed).integers(0, u, size=(samples, u))
    w = resample_counts(draws, u, np)
    boot = ordinal_alpha((w @ per_unit.reshape(u, -1)).reshape(samples, len(levels), len(levels)), np)
    boot = boot[~np.isnan(boot)]
    lower, upper = np.percentile(boot, [2.5, 97.5])
    return alpha, lower, upper


def agreement(values, committee, samples, seed, np):
    out = []
    C = values.shape[2]
    for k in range(committee.max() + 1):
        x = values[committee == k]
        for c in range(C):
            out.append(alpha_interval(x[:, :, c], samples, seed + k * C + c, np))
    return out


def rank_stability(values, committee, weights, samples, top_n, seed, np, rankdata):
    R, T, C = values.shape
    rng = np.random.default_rng(seed)
    flat = np.nan_to_num(values).reshape(R, T * C)
    mask = (~np.isnan(values)).reshape(R, T * C).astype(float)
    ranks = []
    for k in range(committee.max() + 1):
        seats = np.flatnonzero(committee == k)
        draws = rng.integers(0, len(seats), size=(samples, len(seats)))
        times = resample_counts(draws, len(seats), np)
        with np.errstate(invalid="ignore", divide="ignore"):
            means = (times @ flat[seats]) / (times @ mask[seats])
        score = weighted(means.reshape(samples, T, C), weights, np)
        rank = rankdata(np.where(np.isnan(score), np.inf, -score), method="min", axis=1).astype(float)
        ranks.append(np.where(np.isnan(score), np.nan, rank))
    combined = np.nanmean(np.stack(ranks), axis=0)
    rank = rankdata(np.where(np.isnan(combined), np.inf, combined), method="min", axis=1)
    share = ((rank <= top_n) & ~np.isnan(combined)).mean(axis=0)
    low, high = np.percentile(rank, [2.5, 97.5], axis=0)
    return share, low, high


def timed(fn, warm_up, runs):
    started = time.perf_counter()
    fn()
    first = (time.perf_counter() - started) * 1000
    for _ in range(warm_up):
        fn()
    ms = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - started) * 1000)
    ms.sort()
    return first, {"median": (ms[(runs - 1) // 2] + ms[runs // 2]) / 2, "max": ms[-1]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("round", nargs="?")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--warm-up", type=int, default=5)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--alpha-samples", type=int, default=1000)
    parser.add_argument("--stability-samples", type=int, default=500)
    parser.add_argument("--top-n", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    try:
        import numpy as np
        from scipy.stats import rankdata
    except ImportError as error:
        print(f"{error}", file=sys.stderr)
        sys.exit(3)
    if args.check:
        print(json.dumps(versions()))
        return
    if args.round is None:
        parser.error("ROUND.json is required")
    with open(args.round, encoding="utf-8") as f:
        round_ = json.load(f)
    weights = np.array([c["weight"] for c in round_["criteria"]], dtype=float)
    warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN cells give NaN, as intended

    _, build = timed(lambda: dense(round_, np), args.warm_up, args.runs)
    values, committee = dense(round_, np)
    parts = {
        "cell mean, SD, median, quartiles": lambda: cell_statistics(values, committee, np),
        "weighted score per committee": lambda: committee_scores(values, committee, weights, np),
        f"ordinal alpha + {args.alpha_samples} unit resamples × {(committee.max() + 1) * values.shape[2]}": (
            lambda: agreement(values, committee, args.alpha_samples, args.seed, np)
        ),
        f"rater bootstrap of the combined ranking ({args.stability_samples})": lambda: rank_stability(
            values, committee, weights, args.stability_samples, args.top_n, args.seed, np, rankdata
        ),
    }
    cold, total = timed(lambda: [fn() for fn in parts.values()], args.warm_up, args.runs)
    report = {
        "build": build,
        "cold": cold,
        "total": total,
        "parts": [{"name": name, "timing": timed(fn, args.warm_up, args.runs)[1]} for name, fn in parts.items()],
        "maxRss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
