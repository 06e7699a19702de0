"""The peer of `npm run bench:themes`: scikit-learn TF-IDF with Dutch stemming + k-means.

    python3 bench-themes-peer.py QUESTIONS.csv [--k 17] [--n-init 10] [--seed 1]
    python3 bench-themes-peer.py --check

Reads the `text` column of QUESTIONS.csv, then times vectorising and fitting: TfidfVectorizer(sublinear_tf=True,
min_df=2, max_df=0.5) whose analyzer lowercases, splits on scikit-learn's default token pattern and stems with the
Dutch Snowball stemmer (the `snowballstemmer` module, else nltk's SnowballStemmer('dutch'); stems are memoised, as
anyone would), followed by KMeans(n_clusters=k, n_init=n_init, random_state=seed) on the sparse matrix. Module
imports and reading the file are not timed. Prints one JSON object: seconds (wall), cpuSeconds (all threads), peak RSS
in bytes (getrusage ru_maxrss, the whole process), k, the versions used and the threads the native code may use.

--check prints the versions as JSON, or exits with status 3 and the reason on stderr when a module is missing.
"""

import argparse
import csv
import json
import platform
import re
import resource
import sys
import time


def load_stemmer():
    try:
        import snowballstemmer

        stemmer = snowballstemmer.stemmer("dutch")
        try:
            from importlib.metadata import version as package_version

            version = package_version("snowballstemmer")
        except Exception:  # the version is only informative
            version = "?"
        return stemmer.stemWord, f"snowballstemmer {version}"
    except ImportError:
        pass
    try:
        import nltk
        from nltk.stem.snowball import SnowballStemmer

        return SnowballStemmer("dutch").stem, f"nltk {nltk.__version__} SnowballStemmer"
    except ImportError:
        return None, None


def versions(stemmer_name):
    import sklearn

    threads = None
    try:
        from threadpoolctl import threadpool_info

        threads = max((pool["num_threads"] for pool in threadpool_info()), default=None)
    except Exception:  # threadpoolctl is optional: only informative
        pass
    return {
        "python": platform.python_version(),
        "sklearn": sklearn.__version__,
        "stemmer": stemmer_name,
        "threads": threads,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--k", type=int, default=17)
    parser.add_argument("--n-init", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    try:
        from sklearn.cluster import KMeans
        from sklearn.feature_extraction.text import TfidfVectorizer
    except ImportError as error:
        print(f"scikit-learn is missing ({error})", file=sys.stderr)
        sys.exit(3)
    stem, stemmer_name = load_stemmer()
    if stem is None:
        print("no Dutch Snowball stemmer: neither snowballstemmer nor nltk is installed", file=sys.stderr)
        sys.exit(3)
    if args.check:
        print(json.dumps(versions(stemmer_name)))
        return
    if not args.file:
        parser.error("QUESTIONS.csv is required")

    with open(args.file, newline="", encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]

    token = re.compile(r"(?u)\b\w\w+\b")
    stems = {}

    def analyzer(text):
        out = []
        for word in token.findall(text.lower()):
            stemmed = stems.get(word)
            if stemmed is None:
                stemmed = stems[word] = stem(word)
            out.append(stemmed)
        return out

    cpu = time.process_time()
    started = time.perf_counter()
    matrix = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=2, max_df=0.5).fit_transform(texts)
    model = KMeans(n_clusters=args.k, n_init=args.n_init, random_state=args.seed).fit(matrix)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu

    result = {
        "seconds": seconds,
        "cpuSeconds": cpu_seconds,
        "maxRss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "k": int(len(set(model.labels_))),
        "questions": len(texts),
        "terms": matrix.shape[1],
        "iterations": int(model.n_iter_),
    }
    result.update(versions(stemmer_name))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
