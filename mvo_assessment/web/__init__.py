"""The website: the application factory (app.py) and one blueprint per area.

pages   the start page
wizard  the question pages, the step overview and the summary
resume  save and resume with a code, download and upload of answers, deleting an assessment
errors  friendly error pages for every status the site can answer with
"""
