# %% [markdown]
# # Part 4 · Comparing topics and reading the evidence
#
# | | |
# |---|---|
# | **Difficulty** | Intermediate |
# | **Time** | 35 minutes (stretch tasks: 15 more) |
# | **Prerequisites** | Parts 1-3; pandas `.loc[rows, column] = value` |
# | **Data** | the workshop's sample in `data/` (every story, for the topics; by default *Crime and law* against *Politics and conflicts* for keyness) |
# | **Libraries** | `toolkit` (topic inference with scikit-learn, keyness, keyword in context with textacy), `pandas`, `altair` |
# | **You will** | judge inferred topics, back every keyness word with its contexts, and tell a topic's word from one story's |
#
# Never report a keyness word without reading its contexts. Every hit has a line number in
# the raw dump; you can always check.

# %% tags=["parameters"]
dump = "data/sample"  # a dump file or a folder of dumps; looked for here and in the folders above
target = "Crime and law"  # the topic to describe
reference = "Politics and conflicts"  # the topic to compare it with
min_topic_score = 0.15  # below this similarity an inferred topic is not trusted

# %%
import pandas as pd
from IPython.display import display

import toolkit
from toolkit import charts, dispersion, infer_topics, keyness, kwic
from toolkit.workshop import check, find_data

pd.set_option("display.max_colwidth", 90)
DUMP = find_data(dump)
charts.setup()

# %% [markdown]
# ## 4.1 Where do the topics come from?
#
# Tagged stories keep their "More on X" tag. Untagged stories get the topic they are most
# similar to; `topic_score` is that similarity (cosine, 0 to 1).

# %%
stories = infer_topics(toolkit.load_dump(DUMP), min_score=0)  # accept every guess for now
guessed = stories.copy()  # as inferred, to compare with after the exercise
print(stories["topic_source"].value_counts())
stories.loc[stories["topic_source"] == "inferred", ["topic", "topic_score", "lede"]].sort_values(
    "topic_score"
).head()

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
print(stories.loc[untrusted, ["topic_score", "lede"]].head())
# END SOLUTION

# %%
check("4.1", n_untrusted, stories, guessed, min_topic_score)

# %%
stories["topic"] = stories["topic"].fillna("(no topic)")
colors = charts.topic_colors(stories["topic"])
key = keyness(stories, target=target, reference=reference)
charts.keyness_bars(key, top=10, colors=colors)

# %% [markdown]
# ## 4.2 Keyword in context
#
# `kwic(stories, term)` lists every hit of a word or phrase with `window` words either side
# and its `source` file and `line_no` in it.

# %%
top_term = key["term"].iloc[0]
kwic(stories, top_term, window=6)[["source", "line_no", "left", "match", "right"]].head()

# %% [markdown]
# **Exercise 4.2.** Pick a word from the keyness chart that surprises you (not the top one).
# Store its contexts in `hits` with `kwic`. Does it mean what you assumed? Is it part of a
# longer phrase, or one story's?

# %%
# BEGIN SOLUTION
# PLACEHOLDER: hits = None  # your code here, e.g. kwic(stories, "your word", window=6)
hits = kwic(stories, key["term"].iloc[min(5, len(key) - 1)], window=6)
hits[["source", "line_no", "left", "match", "right"]].head(10)
# END SOLUTION

# %%
check("4.2", hits, key)

# %% [markdown]
# **Exercise 4.3.** Evidence from one story is weak evidence about a topic. Of the top
# term's hits in the target topic, what share come from the story with the most hits? Store
# it in `share_top_story` (a number between 0 and 1).

# %%
top_hits = kwic(stories[stories["topic"] == target], top_term)
# BEGIN SOLUTION
share_top_story = top_hits["story_id"].value_counts().iloc[0] / len(top_hits)
# END SOLUTION

# %%
check("4.3", share_top_story, top_hits)

# %% [markdown]
# **Exercise 4.4.** Where in the stories do words occur? Choose three words and store them
# in `my_words` (a list); the cell below draws their dispersion in the two topics. Which word
# is spread across stories, and which bunched in one?

# %%
# BEGIN SOLUTION
my_words = key["term"].head(3).tolist()
# END SOLUTION

# %%
check("4.4", my_words, stories)
if isinstance(my_words, list) and my_words:
    pair = stories[stories["topic"].isin([target, reference])]
    display(charts.dispersion_chart(dispersion(pair, my_words), colors=colors))

# %% [markdown]
# ## Stretch
#
# **4.5.** kwic on a lemma misses irregular forms: `kwic(stories, "say")` does not find
# "said". Use `regex=True` with a pattern such as `r"\bsa(?:y|id|ys)\b"`: in which topic do
# people *say* the most per story? **4.6.** Run keyness for `target` against *all* other
# stories (leave out `reference`). Which words stay on top, and which were only typical
# compared with the one reference topic?

# %%
# BEGIN SOLUTION
said = kwic(stories, r"\bsa(?:y|id|ys)\b", regex=True)
per_story = said.groupby("topic").size() / stories.groupby("topic").size()
print(per_story.dropna().sort_values(ascending=False).round(2).head())
keyness(stories, target=target).head(10)
# END SOLUTION

# %% [markdown]
# ## Wrap-up
#
# - Which of your findings today would survive a reader asking "show me"?
# - What would you need (more stories, another reference, merged name variants) to turn a
#   keyness list into a claim about coverage?
