#!/usr/bin/env python3
"""Extract the five 2018/19 BCF underspend application forms from seed paper 003.

The paper (shared/seed-papers/003_977521311759f74d.txt, after the BCF item) holds each form as a
two-column table, label and response, with cells that run over several lines. This script reads
the rows between "Scheme Title:" and "Date:", files each under the default form's section by its
label, and turns the cells' markup into plain text (paragraphs and bullets on their own lines).
Nothing is reworded. Run it once; its output is committed:

    python3 seeds/tools/extract_2018_bcf_applications.py ../shared/seed-papers/003_977521311759f74d.txt \
        > seeds/2018-hackney-bcf-underspend/applications.json

The forms' own words go into `answers`; what the forms leave implicit for a bid (an id, the
workstream, the organisations the money goes to, the amount asked for as a number) is in APPLICATIONS
below, our reading of the paper: the amounts are the paper's (GBP 315,118 in all), the recipients the
organisations each form names as providing the service.
"""
import html, json, re, sys

paper = open(sys.argv[1], encoding='utf-8').read().splitlines()

# A row's label says which section of the form it is (the default form's ids).
LABELS = [
    ('Sponsoring Organisation', 'sponsoringOrganisation'),
    ('Summary of Scheme', 'summary'),
    ('Cost of Scheme', 'costBreakdown'),
    ('Anticipated start date', 'startDate'),
    ('Case for change', 'caseForChange'),
    ('What is expected impact', 'expectedImpact'),
    ('BCF Metrics', 'metrics'),
    ('health inequalities in the area', 'inequalities'),
    ('Care Act 2014', 'careAct'),
    ('Name and Contact details', 'contact'),
    ('Date:', 'signedOn'),
]
DATES = {  # as written on the forms
    '1 st October 2018': '2018-10-01', '1 October 2018': '2018-10-01',
    '7/08/18': '2018-08-07', '3rd August 2018': '2018-08-03', '20.07.2018': '2018-07-20',
    '01.06.2018': '2018-06-01', '30 July 2018': '2018-07-30',
}

def plain(cell):
    """The cell's markup as plain text: paragraphs and list items on their own lines."""
    text = re.sub(r'</p>|<br\s*/?>|</li>', '\n', cell)
    text = re.sub(r'<ul[^>]*>', '\n', text)
    text = re.sub(r'<[^>]+>', '', text)
    text = html.unescape(text).replace('*', '')
    text = re.sub(r'\s*([•▪●])\s*', r'\n\1 ', text)
    lines = [re.sub(r'[ \t\u00a0]+', ' ', l).strip() for l in text.split('\n')]
    out = []
    for l in lines:
        if l or (out and out[-1]):
            out.append(l)
    return '\n'.join(out).strip()

def section_of(label):
    for needle, section in LABELS:
        if needle.lower() in label.lower():
            return section
    return None

forms = []
current = None
section = None
for line in paper:
    m = re.match(r'^Scheme Title:\s*(.*?)\s*\tResponse', line)
    if m:
        current = {'title': m.group(1), 'answers': {}}
        forms.append(current)
        section = None
        continue
    if current is None:
        continue
    if re.fullmatch(r'[\s\-|]*', line):  # blank lines and the tables' ruled separators
        continue
    label, _, response = line.rpartition('\t') if '\t' in line else ('', '', line)
    found = section_of(label) if label else (section_of(line) if line.startswith(('<p>Date:', 'Date:')) else None)
    if found and found != section:
        section = found
        current['answers'].setdefault(section, [])
    elif section is None:
        continue
    if response.strip():
        current['answers'][section].append(response)
    if section == 'signedOn':
        current = None  # the form ends with its date

APPLICATIONS = {
    'Neighbourhoods Clinical Leads': dict(
        id='neighbourhood-clinical-leads', workstream='Neighbourhoods', amount=47742,
        sponsor='City and Hackney CCG', recipients=['City and Hackney GP Confederation']),
    'Neighbourhood Senior Social worker Practitioners': dict(
        id='neighbourhood-social-work', workstream='Neighbourhoods', amount=90000,
        sponsor='London Borough of Hackney', recipients=['London Borough of Hackney']),
    'Take Home and Settle Service': dict(
        id='take-home-and-settle', workstream='Unplanned Care', amount=60000,
        sponsor='City and Hackney CCG', recipients=['Age UK East London']),
    'Exercise After Stroke – Fit 4 Health': dict(
        id='exercise-after-stroke', workstream='Prevention', amount=87376,
        sponsor='London Borough of Hackney', recipients=['London Borough of Hackney']),
    'Discharge 2 Assess Evaluation and Implementation of long-term model': dict(
        id='d2a-evaluation', workstream='Unplanned Care', amount=30000,
        sponsor='London Borough of Hackney',
        recipients=['London Borough of Hackney', 'Homerton University Hospital NHS Foundation Trust']),
}

result = []
for form in forms:
    answers = {'title': form['title']}
    for key, cells in form['answers'].items():
        text = plain('\n'.join(cells))
        if key in ('startDate', 'signedOn'):
            text = DATES[text]
        if text:
            answers[key] = text
    meta = APPLICATIONS[form['title']]
    answers['cost'] = meta['amount']
    result.append({
        'id': meta['id'], 'title': form['title'], 'workstream': meta['workstream'],
        'sponsoringOrganisation': meta['sponsor'], 'recipientOrganisations': meta['recipients'],
        'amountRequested': meta['amount'], 'answers': answers,
    })

json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
print()
