#!/usr/bin/env python3
"""Generate the synthetic score sheets of the 2018 City and Hackney seed round.

The board paper publishes only each bid's weighted mean, value per GBP 1k, standard deviation and
agreement band, never the individual sheets. This script searches, deterministically, for integer
1-10 sheets (one per eligible member per bid) whose statistics round to every published figure.
Target means are chosen inside each published rounding interval so that the pre-moderation ranking
is the one the seed round documents (README in this folder). Run it once; its output is committed.

    python3 seeds/tools/generate_2018_sheets.py > seeds/2018-city-and-hackney/sheets.json
"""
import json, math, random, sys, os

HERE = os.path.dirname(os.path.abspath(__file__))
ROUND = os.path.join(HERE, '..', '2018-city-and-hackney')
criteria = json.load(open(os.path.join(ROUND, 'round.json')))['criteria']
bids = json.load(open(os.path.join(ROUND, 'bids.json')))
members = json.load(open(os.path.join(ROUND, 'members.json')))
conflicts = json.load(open(os.path.join(ROUND, 'conflicts.json')))
weights = [c['weight'] for c in criteria]
unit = math.gcd(*weights)
coef = [w // unit for w in weights]          # 3,3,2,1,1,1,1,6
K = sum(coef)                                # 18: a scorer total is S / K

# target mean (inside the published 1-dp interval, value per GBP 1k checked too) and target SD
targets = {
    'falls-prevention': (8.70, 1.0), 'housing-first': (8.60, 1.4), 'hospice-at-home': (8.30, 1.8),
    'mental-health-substance-misuse': (8.12, 2.4), 'group-consultations': (8.08, 2.4),
    'send': (7.80, 1.6), 'hiv-cns': (7.40, 3.4), 'greenhouse-mh-outreach': (7.00, 2.4),
    'greenhouse': (6.80, 2.2), 'pulmonary-rehab': (6.60, 2.8), 'spirometry': (6.42, 3.0),
    'smoking-cessation-acers': (6.38, 3.3), 'healthier-city-hackney-fund': (6.02, 4.2),
    'pressure-ulcer-prevention': (6.00, 3.3), 'stroke-psychology': (5.98, 2.8),
    'cancer-62-day-hotline': (5.60, 2.6), 'vocational-rehab-stroke': (5.30, 2.5),
}

def norm(s): return s.strip().lower()

def conflicted(m, b):
    recips = {norm(o) for o in b.get('recipientOrganisations') or [b['sponsoringOrganisation']]}
    if norm(m['organisation']) in recips: return True
    for i in m.get('interests', []):
        if i['type'] in ('pecuniary', 'indirect') and norm(i['organisation']) in recips: return True
    return any(c['memberId'] == m['id'] and c['bidId'] == b['id'] for c in conflicts)

def stats(S):
    t = [s / K for s in S]; n = len(t); mu = sum(t) / n
    sd = math.sqrt(sum((x - mu) ** 2 for x in t) / (n - 1))
    return mu, sd

def search(n, mu, sd, rng):
    best = None
    for attempt in range(200):
        S = [min(10 * K, max(K, round(rng.gauss(mu, sd) * K))) for _ in range(n)]
        for step in range(20000):
            m, s = stats(S)
            err = abs(m - mu) / 0.004 + abs(s - sd) / 0.01
            if abs(m - mu) <= 0.004 and abs(s - sd) <= 0.01:
                return S
            i = rng.randrange(n); d = rng.choice((-1, 1))
            if not K <= S[i] + d <= 10 * K: continue
            S[i] += d
            m2, s2 = stats(S)
            if abs(m2 - mu) / 0.004 + abs(s2 - sd) / 0.01 > err and rng.random() > 0.02:
                S[i] -= d
    raise SystemExit(f'no sheets found for mean {mu} sd {sd} n {n}')

def decompose(S, rng):
    """Integer 1-10 scores per criterion with sum(coef*x) == S, scattered around S/K."""
    t = S / K
    x = [min(10, max(1, round(t + rng.choice((-1, 0, 0, 1))))) for _ in coef]
    for _ in range(10000):
        d = S - sum(c * v for c, v in zip(coef, x))
        if d == 0: return x
        step = 1 if d > 0 else -1
        options = [i for i, c in enumerate(coef) if c <= abs(d) and 1 <= x[i] + step <= 10]
        if not options:
            options = [i for i in range(len(coef)) if 1 <= x[i] + step <= 10]
        x[rng.choice(options)] += step
    raise SystemExit('decomposition failed')

rng = random.Random(20180815)
sheets = []
for b in bids:
    eligible = [m for m in members if 'scorer' in m['roles'] and not conflicted(m, b)]
    mu, sd = targets[b['id']]
    S = search(len(eligible), mu, sd, rng)
    for m, s in zip(eligible, S):
        x = decompose(s, rng)
        sheets.append({'bidId': b['id'], 'memberId': m['id'],
                       'scores': {c['id']: v for c, v in zip(criteria, x)}})
    m_, s_ = stats(S)
    print(f"{b['id']:32s} n={len(S):2d} mean={m_:.4f} sd={s_:.4f}", file=sys.stderr)
json.dump(sheets, sys.stdout, indent=1)
print()
