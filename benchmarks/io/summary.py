#!/usr/bin/env python3
"""One table from the three I/O benchmarks: server CPU per message (E1) and per request (E2), memory per idle
connection (E3), each server on one line, and how far each number is from the C server's and from Netty's.

    benchmarks/io/summary.py [DIR]

DIR holds io-e1.txt, io-e2.txt and io-e3.txt (benchmarks/results, the default) or, with --target, the scripts'
own output (benchmarks/target/io-e1/table.txt and so on).
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def rows(path):
    """The table's data rows as lists of words; the header row gives the column names."""
    header, out = None, []
    with open(path) as f:
        for line in f:
            words = line.split()
            if not words or line.startswith('#'):
                continue
            if words[0] == 'server':
                header = words
                continue
            if header and len(words) >= 4 and re.fullmatch(r'\d+', words[1]):
                out.append(dict(zip(header, words)))
            elif header and out and not re.fullmatch(r'\d+', words[1] if len(words) > 1 else ''):
                header = None   # the notes under the table
    return out


def main(argv):
    target = '--target' in argv
    args = [a for a in argv if not a.startswith('--')]
    base = args[0] if args else os.path.join(ROOT, 'benchmarks', 'results')
    paths = {e: (os.path.join(ROOT, 'benchmarks', 'target', 'io-' + e, 'table.txt') if target
                 else os.path.join(base, 'io-%s.txt' % e)) for e in ('e1', 'e2', 'e3')}
    cols, order, cell = [], [], {}

    def put(server, col, value):
        if server not in order:
            order.append(server)
        if col not in cols:
            cols.append(col)
        cell[server, col] = value

    if os.path.exists(paths['e1']):
        for r in rows(paths['e1']):
            if r['conns'] == '1':
                continue
            size = '64B' if r['bytes'] == '64' else '16K'
            put(r['server'], 'E1 %s/%s' % (r['conns'], size), float(r['srv_us/msg']))
    if os.path.exists(paths['e2']):
        for r in rows(paths['e2']):
            put(r['server'], 'E2 %s' % r['conns'], float(r['srv_us/req']))
    if os.path.exists(paths['e3']):
        for r in rows(paths['e3']):
            heap = r.get('heap_B/conn', '-')
            put(r['server'], 'E3 B/conn', float(heap if heap != '-' else r['rss_B/conn']))
    if not order:
        sys.exit('summary.py: no tables in %s' % (', '.join(paths.values())))

    print('server CPU in us per E1 echo message (conns/size) and per E2 request (conns); E3: bytes per idle')
    print('connection (JVM: live heap; others: RSS). In brackets: times the C server / times the better of the two')
    print('Netty servers (E3: times the better Netty only).')
    print()
    print('%-17s' % 'server' + ''.join('%19s' % c for c in cols))
    for s in order:
        line = '%-17s' % s
        for c in cols:
            v = cell.get((s, c))
            if v is None:
                line += '%19s' % '-'
                continue
            ref_c = cell.get(('c', c))
            nettys = [cell[n, c] for n in ('netty-nio', 'netty-epoll') if (n, c) in cell]
            ref_n = min(nettys) if nettys else None
            if c.startswith('E3'):
                ref_c = None   # a C struct against objects: that ratio says nothing
            rel = []
            if ref_c and s != 'c':
                rel.append('%.2f' % (v / ref_c))
            elif ref_c and ref_n:
                rel.append('-')
            if ref_n and not s.startswith('netty'):
                rel.append('%.2f' % (v / ref_n))
            rel = '/'.join(rel)
            line += '%19s' % (('%.0f' % v if c.startswith('E3') else '%.2f' % v) + (' [%s]' % rel if rel else ''))
        print(line)


if __name__ == '__main__':
    main(sys.argv[1:])
