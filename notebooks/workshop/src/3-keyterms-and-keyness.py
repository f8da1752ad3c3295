# %% [markdown]
# # Part 3 · Keyterms and keyness
#
# **Goal:** tell apart two questions that are easy to confuse:
#
# - *What is this story about?* **Keyterms**, from one story's own word statistics.
# - *What sets these stories apart from those?* **Keyness**, from a comparison of two
#   groups of stories.

# %% tags=["parameters"]
dump = "../../../data/"  # a dump file or a folder of dumps, relative to this notebook
keyterm_method = "newsrank"  # one of toolkit.keyterms.METHODS
cache = None  # analysis cache folder; None: $TOOLKIT_CACHE_DIR or the user cache

# %%
from pathlib import Path

import pandas as pd

import toolkit
from toolkit import charts
from toolkit.compare import keyness
from toolkit.workshop import check

pd.set_option("display.max_colwidth", 90)
DUMP = Path(dump)


charts.setup()

# %% [markdown]
# ## 3.1 Keyterms
#
# Keyterms need a full parse (part-of-speech tags, lemmas): a few seconds, cached after.

# %%
stories = toolkit.load_dump(DUMP)
analyzed = toolkit.analyze(
    stories, measures=["keyterms"], keyterm_method=keyterm_method, cache=cache
)
analyzed["topic"] = analyzed["topic"].fillna("(no topic)")
analyzed[["story_no", "topic", "keyterms"]].head()

# %%
charts.keyterms_by_topic(analyzed, top=8)

# %% [markdown]
# **Exercise 3.1.** The keyterm *scores* are relative: each story's best term scores 1.
# Make a small table of the first story's terms and scores (`keyterms` and
# `keyterm_scores` are lists in the same order) and store it in `first_terms`, a DataFrame
# with columns `term` and `score`.

# %%
# BEGIN SOLUTION
first_terms = pd.DataFrame(
    {"term": analyzed["keyterms"].iloc[0], "score": analyzed["keyterm_scores"].iloc[0]}
)
first_terms.round(2)
# END SOLUTION

# %%
check(
    first_terms,
    lambda a: list(a["term"]) == list(analyzed["keyterms"].iloc[0]) and a["score"].iloc[0] == 1.0,
    'pd.DataFrame({"term": analyzed["keyterms"].iloc[0], "score": ...})',
)

# %% [markdown]
# ## 3.2 Keyness: target against reference
#
# For every word, keyness compares its count in the target topic with its count in the
# reference (by default: all other stories). `g2` (log-likelihood) is large when the
# difference is surprising; it is positive for words the target uses more.

# %%
tagged = analyzed[analyzed["topic"] != "(no topic)"]
target = tagged.groupby("topic")["n_words"].sum().idxmax()  # the topic with the most words
key = keyness(analyzed, target=target)
print(key.attrs["keyness"])
key.head()

# %% [markdown]
# **Exercise 3.2.** Store the five words most typical of the target (highest `g2`) in
# `top5`, a list of strings.

# %%
# BEGIN SOLUTION
top5 = key["term"].head(5).tolist()
# END SOLUTION

# %%
check(
    top5,
    lambda a: list(a) == key["term"].head(5).tolist(),
    'key is sorted by g2 already: key["term"].head(5).tolist()',
)

# %% [markdown]
# **Exercise 3.3.** And the single word most typical of the *reference* (the most negative
# `g2`)? Store it in `reference_word`.

# %%
# BEGIN SOLUTION
reference_word = key.loc[key["g2"].idxmin(), "term"]
# END SOLUTION

# %%
check(
    reference_word,
    lambda a: a == key.loc[key["g2"].idxmin(), "term"],
    'key["g2"].idxmin(), or key["term"].iloc[-1]',
)

# %%
charts.keyness_bars(key, top=10, colors=charts.topic_colors(analyzed["topic"]))

# %% [markdown]
# **Exercise 3.4.** Keyness on lemmas merges "hubs" and "hub", "said" and "say". Run it
# again with `form="lower"` (exact lower-cased words) and store in `moved` the words in the
# lower-case top 10 that are not in the lemma top 10 (a set).

# %%
# BEGIN SOLUTION
# PLACEHOLDER: moved = None  # your code here
key_lower = keyness(analyzed, target=target, form="lower")
moved = set(key_lower["term"].head(10)) - set(key["term"].head(10))
print(moved)
# END SOLUTION

# %%
expected = set(keyness(analyzed, target=target, form="lower")["term"].head(10)) - set(
    key["term"].head(10)
)
check(
    moved,
    lambda a: set(a) == expected,
    'keyness(analyzed, target=target, form="lower"), then set(...) - set(...)',
)

# %% [markdown]
# ## 3.3 Every word at once

# %%
charts.term_scatter(key, labels=5, colors=charts.topic_colors(analyzed["topic"]))

# %% [markdown]
# ## Discuss
#
# - Compare the target's keyterms (3.1) with its keyness list (3.2). Which words are in
#   both? Which keyterms are not distinctive at all ("government", "country")?
# - With one or two stories per topic, what is keyness really measuring?
