# %% [markdown]
# # Part 3 · Keyterms and keyness
#
# | | |
# |---|---|
# | **Difficulty** | Intermediate |
# | **Time** | 35 minutes (stretch task: 10 more) |
# | **Prerequisites** | Parts 1-2; Python lists and sets (`set(a) - set(b)`) |
# | **Data** | two topics of the workshop's sample in `data/` (by default *Health* against *Science and technology*: about 80 stories) |
# | **Libraries** | `toolkit` (keyterms with textacy on spaCy; keyness statistics), `pandas`, `altair` |
# | **You will** | tell keyterms (what one story is about) from keyness (what sets one group of stories apart from another), and read G², log ratio and the term scatter |
#
# Two questions that are easy to confuse:
#
# - *What is this story about?* **Keyterms**, from one story's own word statistics.
# - *What sets these stories apart from those?* **Keyness**, from a comparison of two
#   groups of stories.

# %% tags=["parameters"]
dump = "data/sample"  # a dump file or a folder of dumps; looked for here and in the folders above
target = "Health"  # the topic to describe
reference = "Science and technology"  # the topic to compare it with
keyterm_method = "newsrank"  # one of toolkit.KEYTERM_METHODS
cache = None  # analysis cache folder; None: $TOOLKIT_CACHE_DIR or the user cache

# %%
import pandas as pd

import toolkit
from toolkit import charts, keyness
from toolkit.workshop import check, find_data

pd.set_option("display.max_colwidth", 90)
DUMP = find_data(dump)
charts.setup()

# %% [markdown]
# ## 3.1 Keyterms
#
# Keyterms need a full parse (part-of-speech tags, lemmas), so we analyse the two topics
# only: about half a minute the first time, cached after.

# %%
stories = toolkit.load_dump(DUMP)
pair = stories[stories["topic"].isin([target, reference])]
analyzed = toolkit.analyze(
    pair, measures=["keyterms"], keyterm_method=keyterm_method, cache=cache, progress=False
)
print(analyzed["topic"].value_counts())
analyzed[["story_no", "topic", "keyterms"]].head()

# %%
charts.keyterms_by_topic(analyzed.groupby("topic").head(4), top=6)

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
check("3.1", first_terms, analyzed)

# %% [markdown]
# ## 3.2 Keyness: target against reference
#
# For every word (lemma), keyness compares its count in the target topic with its count in
# the reference topic. `g2` (log-likelihood) is large when the difference is surprising; it
# is positive for words the target uses more, negative for the reference's. `log_ratio` is
# the effect size: +1 means twice as frequent in the target.

# %%
key = keyness(analyzed, target=target, reference=reference)
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
check("3.2", top5, key)

# %% [markdown]
# **Exercise 3.3.** And the single word most typical of the *reference* (the most negative
# `g2`)? Store it in `reference_word`.

# %%
# BEGIN SOLUTION
reference_word = key.loc[key["g2"].idxmin(), "term"]
# END SOLUTION

# %%
check("3.3", reference_word, key)

# %%
colors = charts.topic_colors(analyzed["topic"])
charts.keyness_bars(key, top=10, colors=colors)

# %% [markdown]
# **Exercise 3.4.** Keyness on lemmas merges "hospitals" and "hospital", "said" and "say".
# Run it again with `form="lower"` (exact lower-cased words; same target and reference) and
# store in `moved` the words in the lower-case top 10 that are not in the lemma top 10 (a set).

# %%
# BEGIN SOLUTION
# PLACEHOLDER: moved = None  # your code here
key_lower = keyness(analyzed, target=target, reference=reference, form="lower")
moved = set(key_lower["term"].head(10)) - set(key["term"].head(10))
print(moved)
# END SOLUTION

# %%
check("3.4", moved, analyzed, key, reference)

# %% [markdown]
# ## 3.3 Every word at once

# %%
charts.term_scatter(key, labels=5, colors=colors)

# %% [markdown]
# ## Stretch
#
# **3.5.** Compare two other topics of the sample (`stories["topic"].value_counts()` lists
# them), e.g. *Crime and law* against *Politics and conflicts*, with the `lower` form (no
# parse needed: quick). Which of the top words would you call the topic's vocabulary, and
# which a few stories' names and phrases? `n_target` counts a word's uses; `kwic` in Part 4
# shows whose they are.

# %%
# BEGIN SOLUTION
other = stories[stories["topic"].isin(["Crime and law", "Politics and conflicts"])]
keyness(other, target="Crime and law", reference="Politics and conflicts", form="lower").head(10)
# END SOLUTION

# %% [markdown]
# ## Discuss
#
# - Compare the target's keyterms (3.1) with its keyness list (3.2). Which words are in
#   both? Which keyterms are not distinctive at all ("government", "people")?
# - Keyness against *Science and technology* and keyness against *all other stories* give
#   different lists. Which reference answers which question?
