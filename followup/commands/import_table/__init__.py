"""`python build.py import-table`: turn a table pasted from Word or Excel into report YAML.

Communicators copy tables out of documents. Pasted, a table is tab-separated text: one line per
row, cells separated by tabs, Swedish numbers (`7,77`, `295 591`, `- 7 000 SEK`, `6,5%`), empty
cells, and often a `Totalt`/`Summa` row. This module reads such text (from standard input or a
file) or a sheet of an `.xlsx` workbook (openpyxl), and writes YAML for one table kind, in the
exact shape of `followup.model.models`:

    --kind survey-respondents   Namn | Antal 2022 | Antal 2023      -> surveys.yaml `rounds:` (respondents)
    --kind survey-scores        2022 (apr-dec) | Totalt | AVF | …    -> surveys.yaml (one survey, a round per table)
                                Antal | 39 | 1 | …  (then one row per question)
    --kind budget               Försäljningsintäkter | 2020 | 2021   -> finance.yaml budget_outcome
                                Budget | … / Utfall | … / Diff | …    (or periods as rows)
    --kind per-unit             Enhet | Resultat 2022 | Resultat 2023 | Kommentar  -> per_unit
    --kind before-after         Enhet | Kostnader 2021 | Kostnader 2023 | Kommentar -> before_after
    --kind breakdown            Beskrivning | Kostnad, cirka          -> breakdown
    --kind indicator            Kön | Utfall 2021 | … | Mål 2023      -> indicators.yaml
    --kind goals                Mål | Bedömning (● ◐ ○; perspective rows have no assessment) -> goals.yaml
    --kind table                any other table                      -> finance.yaml/tables.yaml `table`

Rules:

* The first row of a table is its header; a row with a single cell before it (e.g. `Statistik`,
  `Sjukfrånvaro, andel (%)`) is its caption. An empty line separates tables: `survey-scores`
  makes one round of each table, `indicator` and `survey-respondents` merge them; the other
  kinds take exactly one table. A repeated header row is skipped.
* A row whose first cell is `Totalt`, `Total`, `Summa` or `Summa totalt` is the stated total:
  it is kept as the source states it (`stated_total`, `stated_totals`, `stated_difference`), so
  `build.py check` compares it with the sum of the rows and reports a mismatch.
* Numbers are kept as written (`"295 591"`, `"7,18"`), minus a trailing `%` or currency word; the
  unit is declared once for the table (`--unit`, or from `%`/`SEK`/`tkr` in the cells or
  headings). An empty cell becomes `null`.
* Periods come from the column headings (`Antal 2022`, `Utfall 2021`, `2022 (apr-dec)`), or from
  `--period`.
* Units given by full name (`Arbetsmarknads- och vuxenutbildningsförvaltningen`, `Annat/ vet ej`,
  `Blåtunga`) are mapped to the codes of `data/<org>/organisation.yaml` with `--organisation
  <org>`: by code, by full name (ignoring case, spaces and accents), or by a unique name prefix.
* A table that cannot be read is reported as `<input>:row:col: error: message` (row and column
  of the cell, 1-based; the cell's text is quoted in the message), exit 1; nothing is written.
* Indicator outcomes as reports write them (import_table/outcomes.py): `cirka 5 000` is an
  approximate value (`approximate:` of the series), `1 450 (1 380)` this period's value and the
  same period a year earlier. Units written after numbers: `%`, `SEK`, `kr`, `kronor`, `tkr`,
  `mnkr`, and `ton`, `GWh` (units an organisation declares in `measure_units`: an indicator gets
  them, with a warning to declare them; a table, which takes built-in units only, gets `none`).
* A cell with line breaks (an Excel cell pasted in quotes, or read from .xlsx) keeps them: the
  YAML shows it as a literal block (`|`), line by line as in the cell. Text fields are Markdown
  or plain text shown in HTML, where a single line break reads as a space, so keeping the breaks
  changes nothing on the page and loses nothing of the source.
* In an .xlsx workbook, a formula cell with no saved value (a file written by a program rather
  than by Excel) is a located error: "formeln saknar sparat värde: öppna filen i Excel och spara
  den igen". Read for values, the cell would be empty and its row silently lost.
* The YAML written is validated with the models before it is printed, and written with PyYAML's
  safe dumper (key order kept, Unicode as is).
"""
