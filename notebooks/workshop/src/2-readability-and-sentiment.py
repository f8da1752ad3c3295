# %% [markdown]
# # Part 2 · Measuring readability and sentiment, and their limits
#
# | | |
# |---|---|
# | **Difficulty** | Beginner to intermediate |
# | **Time** | 40 minutes (stretch tasks: 15 more) |
# | **Prerequisites** | Part 1; pandas: `.groupby(...).mean()`, conditions with `&` and `\|` |
# | **Data** | the workshop's sample in `data/sample/`: about 420 news stories in 11 topics (Wikinews, CC BY 2.5; OneStopEnglish, CC BY-SA 4.0; `data/README.md`) |
# | **Libraries** | `toolkit` (textacy's readability formulas; VADER and TextBlob sentiment), `pandas`, `altair` |
# | **You will** | compute a readability score by hand, break the formula on purpose, look words up in a sentiment lexicon, and compare topics' sentiment |
#
# Exercises as in Part 1: fill in the `None`, run the cell and its `check(...)`.

# %% tags=["parameters"]
dump = "data/sample"  # a dump file or a folder of dumps; looked for here and in the folders above
cache = None  # analysis cache folder; None: $TOOLKIT_CACHE_DIR or the user cache

# %%
import pandas as pd

import toolkit
from toolkit import SENTIMENT_METHODS as METHODS
from toolkit import charts, score_sentences
from toolkit.workshop import check, find_data, lexicon

pd.set_option("display.max_colwidth", 90)
DUMP = find_data(dump)
charts.setup()

# %% [markdown]
# Readability and sentiment need no full parse, only sentence splitting: about ten seconds
# for the whole sample the first time, cached after. A story saved twice is analysed once.

# %%
stories = toolkit.load_dump(DUMP)
analyzed = toolkit.analyze(
    stories, measures=["readability", "sentiment"], cache=cache, progress=False
)
analyzed[
    ["story_no", "topic", "n_sentences", "n_words_parsed", "n_syllables", "flesch_reading_ease"]
].head()

# %% [markdown]
# ## 2.1 Readability by hand
#
# Flesch reading ease = 206.835 − 1.015 × (words / sentences) − 84.6 × (syllables / words).
# Higher is easier; 60-70 is "plain English", below 30 "very difficult". The Flesch-Kincaid
# *grade* (`flesch_kincaid_grade`) is the same two averages on a US school-grade scale, where
# lower is easier.
#
# **Exercise 2.1.** Compute the Flesch reading ease of the first story from its
# `n_sentences`, `n_words_parsed` (the words the formula counts) and `n_syllables`, and
# store it in `flesch`.

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
check("2.1", flesch, first)

# %%
charts.readability_by_topic(analyzed)

# %% [markdown]
# ## 2.2 Break the formula
#
# **Exercise 2.2.** Make a copy of the first story's text in which every `", "` becomes
# `". "`: the same words, in shorter "sentences". Score it with
# `toolkit.analyze(pd.DataFrame({"text": [chopped]}), measures=["readability"], topics=False)`
# and store its Flesch reading ease in `chopped_flesch`. The cell after the check compares
# both scores.

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
check("2.2", chopped_flesch, first)

# %%
if chopped_flesch is not None:
    print(f"reading ease: {first['flesch_reading_ease']:.1f} -> {chopped_flesch:.1f} (higher = easier)")

# %% [markdown]
# Not one word changed, and the score says the text got easier. Readability formulas measure
# sentence length and word length, nothing else.
#
# ## 2.3 Sentiment, sentence by sentence
#
# Each sentence gets a score from -1 to +1 by looking its words up in a lexicon. A story's
# `sentiment` is the mean over its sentences.

# %%
sents = toolkit.sentences(analyzed, cache=cache, progress=False)
charts.sentiment_by_topic(sents)

# %% [markdown]
# **Exercise 2.3.** Find the most negative sentence of the sample and store its text in
# `worst_sentence`. Is it the reporter's voice or a quotation?

# %%
# BEGIN SOLUTION
worst_sentence = sents.loc[sents["sentiment"].idxmin(), "text"]
print(worst_sentence)
# END SOLUTION

# %%
check("2.3", worst_sentence, sents)

# %% [markdown]
# ## 2.4 Where do the scores come from? The lexicon
#
# VADER's lexicon was built by asking ten people to rate each of about 7,500 words and
# emoticons from -4 (extremely negative) to +4; a word's score is their mean. `lexicon(...)`
# shows each word's rating in each method, and the ten ratings behind VADER's. A word with
# no rating (NaN) counts for nothing.

# %%
lexicon("crisis", "killed", "deal", "party", "safety", "unemployment", "liberty")

# %% [markdown]
# ## 2.5 Methods disagree
#
# `score_sentences(texts, method=...)` scores a list of sentences with `"news_vader"` (the
# toolkit's default), `"vader"` or `"textblob"`. VADER *sums* its word ratings, TextBlob
# *averages* its own (a lexicon of about 2,900 mostly review adjectives). Here is a sentence
# where that matters:

# %%
example = (
    "A balanced approach is the only way to protect individual liberties, "
    "encourage innovation and safeguard children."
)
{method: round(float(score_sentences([example], method=method)[0]), 2) for method in METHODS}

# %%
for method in METHODS:
    sents[method] = score_sentences(sents["text"].tolist(), method=method)
sents[["line_no", *METHODS, "text"]].round(2).head()

# %% [markdown]
# **Exercise 2.4.** Select the sentences that `vader` and `textblob` score with *opposite*
# signs: one above 0.05 and the other below -0.05. Store the rows in `opposite`, then read a
# few of them: why might the methods disagree?

# %%
# BEGIN SOLUTION
# PLACEHOLDER: opposite = None  # your code here
vader, textblob = sents["vader"], sents["textblob"]
opposite = sents[
    ((vader > 0.05) & (textblob < -0.05)) | ((vader < -0.05) & (textblob > 0.05))
]
print(len(opposite), "sentences")
print(opposite[["vader", "textblob", "text"]].head())
# END SOLUTION

# %%
check("2.4", opposite, sents)

# %% [markdown]
# **Exercise 2.5.** This sentence is bad news to any reader, yet the methods call it only
# mildly negative, and only because of one or two words:

# %%
factory = "The factory closed and 300 people lost their jobs."
print({m: round(float(score_sentences([factory], method=m)[0]), 2) for m in METHODS})
lexicon(*factory.rstrip(".").split())[["vader", "news_vader", "textblob"]].dropna(how="all")

# %% [markdown]
# Write a sentence with the same bad news that *every* method scores as neutral (between
# -0.05 and 0.05), and store it in `my_sentence`. The check names the words a lexicon still
# rates.

# %%
# BEGIN SOLUTION
my_sentence = "The factory shut its gates and 300 workers will not be back on Monday."
print({m: round(float(score_sentences([my_sentence], method=m)[0]), 2) for m in METHODS})
# END SOLUTION

# %%
check("2.5", my_sentence)

# %% [markdown]
# ## 2.6 Comparing topics
#
# **Exercise 2.6.** Which topic of the sample has the most negative mean story sentiment?
# Store its name in `most_negative_topic`.

# %%
# BEGIN SOLUTION
most_negative_topic = analyzed.groupby("topic")["sentiment"].mean().idxmin()
print(analyzed.groupby("topic")["sentiment"].agg(["mean", "std", "count"]).round(3))
# END SOLUTION

# %%
check("2.6", most_negative_topic, analyzed)

# %%
charts.sentiment_arc(analyzed, topic=most_negative_topic) if isinstance(
    most_negative_topic, str
) else charts.sentiment_arc(analyzed)

# %% [markdown]
# ## Stretch
#
# **2.7.** Which topic's stories read hardest (lowest mean `flesch_reading_ease`)? Is the
# gap between the hardest and easiest topic larger than the spread inside a topic (its
# standard deviation)? **2.8.** Find a sentence that a reader finds negative but VADER
# scores *positive* (try "The factory closed and 300 workers were sent home for good.") and
# use `lexicon(...)` to say which word misleads it.

# %%
# BEGIN SOLUTION
print(analyzed.groupby("topic")["flesch_reading_ease"].agg(["mean", "std", "count"]).round(1))
misled = "The factory closed and 300 workers were sent home for good."
print({m: round(float(score_sentences([misled], method=m)[0]), 2) for m in METHODS})
lexicon("good", "home", "closed")
# END SOLUTION

# %% [markdown]
# ## Discuss
#
# - The reading ease went up by many points without a word changing. What would you report
#   instead, or alongside?
# - Lexicons were built for tweets and product reviews. Which news words are missing, and
#   which are there for the wrong reason ("Party", "Safety", "Liberty" in names)?
# - A topic's mean sentiment mostly says what it is about (obituaries, disasters), not how
#   it is covered. What comparison would say something about coverage?
