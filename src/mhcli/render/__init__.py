"""One module per output: plain text, rich terminal, tables, json, csv, mermaid, annotations.

Everything printed from the register goes through ``safe.clean`` first: register text is shown
literally, never as markup or terminal control codes."""
