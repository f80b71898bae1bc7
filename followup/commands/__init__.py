"""The commands besides `check`, `build` and `schema` (which `cli.py` runs itself): one module or
package per command, each with `setup(parser) -> runner`, and what they share (browser, HTTP server)."""
