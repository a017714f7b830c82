"""Demo glue: what the site's demos need around the lessons.

Loading the demo data, checking what a reader typed in a browser form, browser
entry points called through the Pyodide bridge, and rendering a result as
escaped HTML. One module per demo. These run the site; a reader copying an idea
copies the lessons in ``snippets/`` instead (the "Copy the snippets" page lists
the two apart).
"""
