"""The compute stage: summaries per domain, key figures, the value catalogue and every stated number
recomputed and checked, as plain values (no formatting), for the checks, the charts and the pages."""
