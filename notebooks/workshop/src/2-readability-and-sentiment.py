# %% [markdown]
# # Part 2 · Measuring readability and sentiment, and their limits
#
# **Goal:** compute two popular text measures, check one by hand, and break each on
# purpose, so you know what a score does and does not say.

# %% tags=["parameters"]
dump = "../../../data/"  # a dump file or a folder of dumps, relative to this notebook
cache = None  # analysis cache folder; None: $TOOLKIT_CACHE_DIR or the user cache

# %%
from pathlib import Path

import pandas as pd

import toolkit
from toolkit import charts
from toolkit.sentiment import METHODS, score_sentences
from toolkit.workshop import check

pd.set_option("display.max_colwidth", 90)
DUMP = Path(dump)


charts.setup()

# %% [markdown]
# Readability and sentiment need no full parse, only sentence splitting: quick.

# %%
stories = toolkit.load_dump(DUMP)
analyzed = toolkit.analyze(stories, measures=["readability", "sentiment"], cache=cache)
analyzed[
    ["story_no", "topic", "n_sentences", "n_words_parsed", "n_syllables", "flesch_reading_ease"]
].head()

# %% [markdown]
# ## 2.1 Readability by hand
#
# Flesch reading ease = 206.835 − 1.015 × (words / sentences) − 84.6 × (syllables / words).
# Higher is easier; 60-70 is "plain English".
#
# **Exercise 2.1.** Compute the Flesch reading ease of the first story from its
# `n_sentences`, `n_words_parsed` (the words the formula counts) and `n_syllables`.

# %%
first = analyzed.iloc[0]
# BEGIN SOLUTION
flesch = (
    206.835
    - 1.015 * first["n_words_parsed"] / first["n_sentences"]
    - 84.6 * first["n_syllables"] / first["n_words_parsed"]
)
# END SOLUTION

# %%
check(
    flesch,
    lambda a: abs(a - first["flesch_reading_ease"]) < 0.01,
    "plug the three counts into the formula above",
)

# %%
charts.readability_by_topic(analyzed)

# %% [markdown]
# ## 2.2 Break the formula
#
# **Exercise 2.2.** Make a copy of the first story's text in which every `", "` becomes
# `". "`: the same words, in shorter "sentences". Score it with
# `toolkit.analyze(pd.DataFrame({"text": [chopped]}), measures=["readability"], topics=False)`
# and store its Flesch reading ease in `chopped_flesch`. Is the text really easier now?

# %%
# BEGIN SOLUTION
# PLACEHOLDER: chopped_flesch = None  # your code here
chopped = first["text"].replace(", ", ". ")
scored = toolkit.analyze(
    pd.DataFrame({"text": [chopped]}),
    measures=["readability"],
    topics=False,
    cache=cache,
    progress=False,
)
chopped_flesch = float(scored["flesch_reading_ease"].iloc[0])
# END SOLUTION

# %%
check(
    chopped_flesch,
    lambda a: a > first["flesch_reading_ease"],
    'first["text"].replace(", ", ". "), then analyze a one-row frame and read "flesch_reading_ease"',
)

# %% [markdown]
# ## 2.3 Sentiment, sentence by sentence
#
# Each sentence gets a score from -1 to +1 by looking its words up in a lexicon. A story's
# `sentiment` is the mean over its sentences.

# %%
sents = toolkit.sentences(analyzed, cache=cache)
charts.sentiment_by_topic(sents)

# %%
charts.sentiment_arc(analyzed)

# %% [markdown]
# **Exercise 2.3.** Which line of the dump holds the most negative sentence? Store the line
# number in `worst_line`, and print the sentence. Is it the reporter's voice or a quotation?

# %%
# BEGIN SOLUTION
# PLACEHOLDER: worst_line = None  # your code here
worst = sents.loc[sents["sentiment"].idxmin()]
worst_line = int(worst["line_no"])
print(worst["text"])
# END SOLUTION

# %%
check(
    worst_line,
    lambda a: a == sents.loc[sents["sentiment"].idxmin(), "line_no"],
    'sents["sentiment"].idxmin() finds the row',
)

# %% [markdown]
# ## 2.4 Methods disagree
#
# `score_sentences(texts, method=...)` scores a list of sentences with `"news_vader"`,
# `"vader"` or `"textblob"`.

# %%
for method in METHODS:
    sents[method] = score_sentences(sents["text"].tolist(), method=method)
sents[["line_no", *METHODS, "text"]].round(2).head()

# %% [markdown]
# **Exercise 2.4.** How many sentences do `vader` and `textblob` score with *opposite*
# signs (one above 0.05, the other below -0.05)? Store the count in `n_opposite`, then read
# a few of them: why might they disagree?

# %%
# BEGIN SOLUTION
# PLACEHOLDER: n_opposite = None  # your code here
opposite = ((sents["vader"] > 0.05) & (sents["textblob"] < -0.05)) | (
    (sents["vader"] < -0.05) & (sents["textblob"] > 0.05)
)
n_opposite = int(opposite.sum())
print(sents.loc[opposite, ["vader", "textblob", "text"]].head())
# END SOLUTION

# %%
expected = int(
    (
        ((sents["vader"] > 0.05) & (sents["textblob"] < -0.05))
        | ((sents["vader"] < -0.05) & (sents["textblob"] > 0.05))
    ).sum()
)
check(
    n_opposite,
    lambda a: a == expected,
    "combine two conditions with & (and) and | (or), then .sum()",
)

# %% [markdown]
# **Exercise 2.5 (free).** Write a sentence that a human reads as clearly negative but
# every method scores near 0 (hint: news rarely uses emotional words). Try a few.

# %%
my_sentence = "The factory closed and 300 people lost their jobs."
{method: round(float(score_sentences([my_sentence], method=method)[0]), 2) for method in METHODS}

# %% [markdown]
# ## Discuss
#
# - A readability score moved several grades without a word changing. What would you
#   report instead, or alongside?
# - Sentiment lexicons were built for tweets and product reviews. Which news words are
#   missing, and which are there for the wrong reason ("Party", "Safety", "Liberty")?
