# %% [markdown]
# # Part 1 · From a raw dump to stories
#
# | | |
# |---|---|
# | **Difficulty** | Beginner: reading and filtering a pandas DataFrame |
# | **Time** | 30 minutes (stretch task: 10 more) |
# | **Prerequisites** | Python basics; pandas: select a column, filter rows, `.value_counts()` |
# | **Data** | `data/sample/scrape_01.txt`, one "daily scrape" of the workshop's sample: real news stories from Wikinews (CC BY 2.5) and OneStopEnglish (CC BY-SA 4.0), with page furniture as scrapers leave it (`data/README.md`) |
# | **Libraries** | `toolkit` (its loader), `pandas`, `altair` |
# | **You will** | see what the loader removes from a scraped file, how it cuts stories apart, and trace any story or sentence back to its line in the file |
#
# Work through the cells in order. An *Exercise* cell has a line like
# `answer = None  # your code here`: replace `None` with your code, run the cell, then run
# the `check(...)` cell below it. It says *Not answered yet* (with where to start), *Not
# quite* (with what your answer looks like) or *Correct*. Blank exercises do no harm: the
# notebook still runs top to bottom. *Stretch* tasks at the end are for when you are done early.

# %% tags=["parameters"]
dump = "data/sample/scrape_01.txt"  # one dump file; looked for here and in the folders above
cache = None  # analysis cache folder; None: $TOOLKIT_CACHE_DIR or the user cache

# %%
import altair as alt
import pandas as pd

import toolkit
from toolkit import charts
from toolkit.workshop import check, find_data

pd.set_option("display.max_colwidth", 90)
FILE = find_data(dump)
DATA = find_data("data")  # the whole sample, for the stretch task
print("file:", FILE)
charts.setup()

# %% [markdown]
# ## 1.1 The raw file
#
# Open the file as plain text, the way any editor would, and look at the first lines.

# %%
raw = FILE.read_text(encoding="utf-8", errors="replace").split("\n")
for number, line in enumerate(raw[:14], start=1):
    print(f"{number:>3}  {line[:100]}")

# %% [markdown]
# **Exercise 1.1.** How many lines does the file have, as an editor counts them? Store the
# number in `n_lines`. (Careful: look at how `raw` ends.)

# %%
# BEGIN SOLUTION
n_lines = len(raw) - (raw[-1] == "")
# END SOLUTION

# %%
lines = toolkit.dump_lines(FILE)
check("1.1", n_lines, lines)

# %% [markdown]
# ## 1.2 Every line has a kind
#
# `toolkit.dump_lines` returns every line once, with the kind the loader gave it.

# %%
lines[["line_no", "kind", "text"]].head(12)

# %% [markdown]
# **Exercise 1.2.** How many lines are *furniture*, i.e. neither `"body"` nor `"blank"`?
# Store the number in `n_furniture`.

# %%
# BEGIN SOLUTION
n_furniture = int((~lines["kind"].isin(["body", "blank"])).sum())
# END SOLUTION

# %%
check("1.2", n_furniture, lines)

# %% [markdown]
# **Exercise 1.3.** Which kind of furniture is the most common? Store its name (a string)
# in `most_common`.

# %%
# BEGIN SOLUTION
most_common = lines.loc[~lines["kind"].isin(["body", "blank"]), "kind"].value_counts().index[0]
# END SOLUTION

# %%
check("1.3", most_common, lines)

# %% [markdown]
# The same counts per story: each bar is one story's lines, coloured by kind. Furniture
# sits inside stories, not only between them.

# %%
per_story = lines.assign(story=pd.factorize(lines["story_id"])[0] + 1)
alt.Chart(per_story[["story", "kind"]]).mark_bar().encode(
    y=alt.Y("story:O", title="story"),
    x=alt.X("count():Q", title="lines"),
    color=alt.Color("kind:N", sort=list(toolkit.KINDS)),
    order=alt.Order("kind:N"),
).properties(width=420, height=alt.Step(14), title="Lines of each story, by kind")

# %% [markdown]
# ## 1.3 Stories
#
# `toolkit.load_dump` cuts the body lines into stories. `start_line`/`end_line` are the
# story's first and last line in the file (inclusive); `topic` comes from the story's
# "More on X" tag, when it has one.

# %%
stories = toolkit.load_dump(FILE)
stories[["story_no", "start_line", "end_line", "topic", "n_paragraphs", "n_words"]].head(10)

# %% [markdown]
# **Exercise 1.4.** Which story (its `story_no`) has the most words? Store it in `longest_no`.

# %%
# BEGIN SOLUTION
longest_no = int(stories.loc[stories["n_words"].idxmax(), "story_no"])
# END SOLUTION

# %%
check("1.4", longest_no, stories)

# %% [markdown]
# **Exercise 1.5.** Provenance. Select the rows of `lines` that belong to story 2, using its
# `start_line` and `end_line`, and store them in `story_lines`. The cell after the check
# prints them with their kinds: which lines were left out of the story's text?

# %%
story = stories.iloc[min(2, len(stories)) - 1]
# BEGIN SOLUTION
story_lines = lines[lines["line_no"].between(story["start_line"], story["end_line"])]
# END SOLUTION

# %%
check("1.5", story_lines, lines, story)

# %%
if isinstance(story_lines, pd.DataFrame):
    for row in story_lines.itertuples():
        kind = "" if row.kind == "body" else "~ " + row.kind
        print(f"{row.line_no:>4} {kind:<18} {row.text[:80]}")

# %% [markdown]
# ## 1.4 From a sentence back to its line
#
# `toolkit.sentences` splits stories into sentences; each knows its `line_no`.

# %%
sents = toolkit.sentences(stories, cache=cache, progress=False)
sents[["story_id", "line_no", "sentence_no", "text"]].head(5)

# %% [markdown]
# **Exercise 1.6.** Find the longest sentence (most `n_words_parsed`) and store the line it
# is on in `longest_line`. Then print that line from `raw` (careful: `raw` counts from 0).

# %%
# BEGIN SOLUTION
longest_line = int(sents.loc[sents["n_words_parsed"].idxmax(), "line_no"])
print(raw[longest_line - 1])
# END SOLUTION

# %%
check("1.6", longest_line, sents)

# %% [markdown]
# ## Stretch
#
# **1.7.** Scrapers save the same story twice: a page is scraped again the next day, maybe
# edited. Load the whole sample (`toolkit.load_dump(DATA)`, every file in `data/` and its
# folders). How many stories repeat an earlier one (`duplicate_of` is set)? Take one: which
# file and lines hold it, and which the story it repeats (`duplicate_of` is that story's
# `story_id`)? Is it an exact copy (`similarity` 1.0)? The analysis counts such a story once.

# %%
# BEGIN SOLUTION
everything = toolkit.load_dump(DATA)
repeats = everything[everything["duplicate_of"].notna()]
print(len(repeats), "repeats of", len(everything), "stories")
if len(repeats):
    copy = repeats.iloc[0]
    first = everything.set_index("story_id").loc[copy["duplicate_of"]]
    print(f"{copy['source']}:{copy['start_line']}-{copy['end_line']} repeats "
          f"{first['source']}:{first['start_line']}-{first['end_line']} "
          f"(similarity {copy['similarity']:.2f})")
# END SOLUTION

# %% [markdown]
# ## Discuss
#
# - The loader guessed where stories start. What evidence would you want before trusting a
#   boundary? (Notebook `01-load-and-inspect` shows each cut's margin.)
# - Which furniture would you keep for an analysis (video titles? captions?) and why?
