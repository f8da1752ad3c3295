# %% [markdown]
# # Part 4 · Comparing topics and reading the evidence
#
# **Goal:** never report a keyness word without reading its contexts. Every hit has a line
# number in the raw dump; you can always check.

# %% tags=["parameters"]
dump = "../../../data/"  # a dump file or a folder of dumps, relative to this notebook
min_topic_score = (
    0.05  # below this similarity an inferred topic is not trusted and the story gets none
)

# %%
from pathlib import Path

import pandas as pd
from IPython.display import display

import toolkit
from toolkit import charts
from toolkit.compare import dispersion, infer_topics, keyness, kwic
from toolkit.workshop import check

pd.set_option("display.max_colwidth", 90)
DUMP = Path(dump)


charts.setup()

# %% [markdown]
# ## 4.1 Where do the topics come from?
#
# Tagged stories keep their "More on X" tag. Untagged stories get the topic they are most
# similar to; `topic_score` is that similarity (cosine, 0 to 1).

# %%
stories = infer_topics(
    toolkit.load_dump(DUMP), min_score=0
)  # accept every guess: we judge them below
stories[["story_no", "topic", "topic_source", "topic_score", "lede"]]

# %% [markdown]
# **Exercise 4.1.** Set the topic of every *inferred* story whose `topic_score` is below
# `min_topic_score` to `"(no topic)"`, and store how many stories you changed in
# `n_untrusted`. Read their ledes: was the inference wrong?

# %%
# BEGIN SOLUTION
# PLACEHOLDER: n_untrusted = None  # your code here
untrusted = stories["topic_source"].eq("inferred") & stories["topic_score"].lt(min_topic_score)
stories.loc[untrusted, "topic"] = "(no topic)"
n_untrusted = int(untrusted.sum())
# END SOLUTION

# %%
expected = int(
    (stories["topic_source"].eq("inferred") & stories["topic_score"].lt(min_topic_score)).sum()
)
check(
    n_untrusted,
    lambda a: a == expected,
    'combine stories["topic_source"].eq("inferred") and stories["topic_score"].lt(...)',
)
stories["topic"] = stories["topic"].fillna("(no topic)")
colors = charts.topic_colors(stories["topic"])

# %%
target = stories[stories["topic"] != "(no topic)"].groupby("topic")["n_words"].sum().idxmax()
key = keyness(stories, target=target)
charts.keyness_bars(key, top=10, colors=colors)

# %% [markdown]
# ## 4.2 Keyword in context
#
# `kwic(stories, term)` lists every hit of a word or phrase with `window` words either side
# and its `line_no` in the dump.

# %%
top_term = key["term"].iloc[0]
kwic(stories, top_term, window=6)[["line_no", "left", "match", "right"]].head()

# %% [markdown]
# **Exercise 4.2.** Pick a word from the keyness chart that surprises you (not the top one).
# Store its contexts in `hits` with `kwic`. Does it mean what you assumed? Is it part of a
# longer phrase?

# %%
# BEGIN SOLUTION
# PLACEHOLDER: hits = None  # your code here, e.g. kwic(stories, "your word", window=6)
hits = kwic(stories, key["term"].iloc[min(7, len(key) - 1)], window=6)
hits[["line_no", "left", "match", "right"]]
# END SOLUTION

# %%
check(
    hits,
    lambda a: (
        isinstance(a, pd.DataFrame) and {"line_no", "left", "match", "right"} <= set(a.columns)
    ),
    "kwic(stories, word, window=6)",
)

# %% [markdown]
# **Exercise 4.3.** Evidence from one story is weak evidence about a topic. For the top
# term, what share of its hits come from the story with the most hits? Store it in
# `share_top_story` (a number between 0 and 1).

# %%
top_hits = kwic(stories, top_term)
# BEGIN SOLUTION
share_top_story = top_hits["story_id"].value_counts().iloc[0] / len(top_hits)
# END SOLUTION

# %%
check(
    share_top_story,
    lambda a: abs(a - top_hits["story_id"].value_counts(normalize=True).iloc[0]) < 1e-9,
    'top_hits["story_id"].value_counts() counts hits per story',
)

# %% [markdown]
# **Exercise 4.4.** Where in the stories do words occur? Choose three words and draw their
# dispersion (`charts.dispersion_chart(dispersion(stories, words), colors=colors)`).
# Which word is spread across stories, and which bunched in one?

# %%
# BEGIN SOLUTION
my_words = key["term"].head(3).tolist()
# END SOLUTION
if my_words is not None:
    display(charts.dispersion_chart(dispersion(stories, my_words), colors=colors))

# %% [markdown]
# ## Wrap-up
#
# - Which of your findings today would survive a reader asking "show me"?
# - What would you need (more stories, another reference, merged name variants) to turn a
#   keyness list into a claim about coverage?
