# %% [markdown]
# # Part 1 · From a raw dump to stories
#
# **Goal:** know what the loader does to a scraped file, and be able to trace any story,
# sentence or number back to the lines it came from.
#
# Work through the cells in order. Cells marked *Exercise* have a line like
# `answer = None  # your code here`: replace `None` with your code, run the cell, then run
# the check below it. Blank exercises do no harm: the notebook still runs top to bottom.

# %% tags=["parameters"]
dump = "../../../data/"  # a dump file or a folder of dumps, relative to this notebook
cache = None  # analysis cache folder; None: $TOOLKIT_CACHE_DIR or the user cache

# %%
from pathlib import Path

import altair as alt
import pandas as pd

import toolkit
from toolkit import charts
from toolkit.workshop import check

pd.set_option("display.max_colwidth", 90)
DUMP = Path(dump)
# Of a folder, Part 1 follows the first file by name; the others load the same way.
FILE = DUMP if DUMP.is_file() else min(DUMP.glob("*.txt"))


print("file:", FILE)
charts.setup()

# %% [markdown]
# ## 1.1 The raw file
#
# Open the file as plain text, the way any editor would, and look at the first lines.
# (A byte that is not UTF-8, as in a file saved as Windows-1252, shows as �; the loader
# decodes such a file properly and warns.)

# %%
raw = FILE.read_text(encoding="utf-8", errors="replace").split("\n")
for number, line in enumerate(raw[:14], start=1):
    print(f"{number:>3}  {line[:100]}")

# %% [markdown]
# **Exercise 1.1.** How many lines does the file have? (Careful: a file that ends with a
# newline gives an empty last item when split on `"\n"`; editors do not count it.)

# %%
# BEGIN SOLUTION
n_lines = len(raw) - (raw[-1] == "")
# END SOLUTION

# %%
lines = toolkit.dump_lines(FILE)
check(n_lines, lambda a: a == len(lines), "len(raw), minus one if the last item is an empty string")

# %% [markdown]
# ## 1.2 Every line has a kind
#
# `toolkit.dump_lines` returns every line once, with the kind the loader gave it.

# %%
lines[["line_no", "kind", "text"]].head(12)

# %% [markdown]
# **Exercise 1.2.** How many lines are *furniture*, i.e. neither `"body"` nor `"blank"`?

# %%
# BEGIN SOLUTION
n_furniture = int((~lines["kind"].isin(["body", "blank"])).sum())
# END SOLUTION

# %%
check(
    n_furniture,
    lambda a: a == int((~lines["kind"].isin(["body", "blank"])).sum()),
    'lines["kind"].isin([...]) gives True/False per line; ~ negates; .sum() counts',
)

# %% [markdown]
# **Exercise 1.3.** Which kind of furniture is the most common? Give its name as a string.

# %%
# BEGIN SOLUTION
most_common = lines.loc[~lines["kind"].isin(["body", "blank"]), "kind"].value_counts().index[0]
# END SOLUTION

# %%
furniture_counts = lines.loc[~lines["kind"].isin(["body", "blank"]), "kind"].value_counts()
check(
    most_common,
    lambda a: furniture_counts.get(a, -1) == furniture_counts.max(),
    "filter the furniture lines, then .value_counts() on the kind column",
)

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
).properties(width=420, height=alt.Step(22), title="Lines of each story, by kind")

# %% [markdown]
# ## 1.3 Stories
#
# `toolkit.load_dump` cuts the body lines into stories. `start_line`/`end_line` are the
# story's first and last line in the file (inclusive).

# %%
stories = toolkit.load_dump(FILE)
stories[["story_no", "start_line", "end_line", "topic", "n_paragraphs", "n_words"]]

# %% [markdown]
# **Exercise 1.4.** Which story (its `story_no`) has the most words?

# %%
# BEGIN SOLUTION
longest_no = int(stories.loc[stories["n_words"].idxmax(), "story_no"])
# END SOLUTION

# %%
check(
    longest_no,
    lambda a: a == stories.loc[stories["n_words"].idxmax(), "story_no"],
    'stories["n_words"].idxmax() gives the row label',
)

# %% [markdown]
# **Exercise 1.5.** Provenance. Select the rows of `lines` that belong to story 2, using its
# `start_line` and `end_line` (`Series.between` is inclusive on both ends). Then print them
# with their kinds: which lines were left out of the story's text?

# %%
story = stories.iloc[min(2, len(stories)) - 1]
# BEGIN SOLUTION
story_lines = lines[lines["line_no"].between(story["start_line"], story["end_line"])]
# END SOLUTION

# %%
check(
    story_lines,
    lambda a: len(a) == story["end_line"] - story["start_line"] + 1,
    'lines[lines["line_no"].between(story["start_line"], story["end_line"])]',
)
if story_lines is not None:
    for row in story_lines.itertuples():
        print(
            f"{row.line_no:>4} {'' if row.kind == 'body' else '~ ' + row.kind:<18} {row.text[:80]}"
        )

# %% [markdown]
# ## 1.4 From a sentence back to its line
#
# `toolkit.sentences` splits stories into sentences; each knows its `line_no`.

# %%
sents = toolkit.sentences(stories, cache=cache)
sents[["story_id", "line_no", "sentence_no", "text"]].head(5)

# %% [markdown]
# **Exercise 1.6.** Find the longest sentence (most `n_words_parsed`) and the line it is on. Then
# look that line up in `raw` (careful: `raw` counts from 0, line numbers from 1).

# %%
# BEGIN SOLUTION
longest_line = int(sents.loc[sents["n_words_parsed"].idxmax(), "line_no"])
print(raw[longest_line - 1])
# END SOLUTION

# %%
check(
    longest_line,
    lambda a: a == sents.loc[sents["n_words_parsed"].idxmax(), "line_no"],
    'sents.loc[sents["n_words_parsed"].idxmax(), "line_no"]',
)

# %% [markdown]
# ## Discuss
#
# - The loader guessed where stories start. What evidence would you want before trusting a
#   boundary? (Notebook `01-load-and-inspect` shows the boundary scores.)
# - Which furniture would you keep for an analysis (video titles? captions?) and why?
