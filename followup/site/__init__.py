"""The pages stage: every page of the site rendered with Jinja into the MkDocs docs folder
(`render.render_project`), the author guide and the MkDocs hooks."""
