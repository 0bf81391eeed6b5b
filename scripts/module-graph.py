#!/usr/bin/env python3
"""Checks that the library's modules form no cycle: each module (a file under src/, a
mod.rs naming its folder) depends on the modules it names by `crate::` path, tests
excluded. `--print` lists the edges; `--top` merges each top-level module's submodules.
Exits 1 and names the cycle when there is one (scripts/test.sh runs it)."""
import re,os,sys,itertools
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
root='src'
edges={}
def modname(path):
    p=path[len('src/'):-3]
    p=re.sub(r'/mod$','',p)
    return p.replace('/','::')
top_only = '--top' in sys.argv
for dp,dn,fn in os.walk(root):
    if dp.startswith('src/bin'): continue
    for f in fn:
        if not f.endswith('.rs'): continue
        path=os.path.join(dp,f); m=modname(path)
        if m=='lib': continue
        s=open(path).read()
        # strip cfg(test) mod tests
        s=re.split(r'#\[cfg\(test\)\]\s*mod tests',s)[0]
        s=re.sub(r'//.*','',s)
        deps=set(re.findall(r'crate::([a-z_]+(?:::[a-z_]+)*)',s))
        src=m.split('::')[0] if top_only else m
        for d in deps:
            parts=d.split('::')
            t=parts[0]
            if top_only:
                if t!=src: edges.setdefault(src,set()).add(t)
            else:
                # deepest existing module prefix
                best=t
                for k in range(len(parts),0,-1):
                    cand='/'.join(parts[:k])
                    if os.path.exists(f'src/{cand}.rs') or os.path.exists(f'src/{cand}/mod.rs'):
                        best='::'.join(parts[:k]); break
                if best!=src and not src.startswith(best+'::'): edges.setdefault(src,set()).add(best)
# cycles via Tarjan
index={};low={};stack=[];on=set();sccs=[];i=[0]
def sc(v):
    index[v]=low[v]=i[0];i[0]+=1;stack.append(v);on.add(v)
    for w in edges.get(v,()):
        if w not in index: sc(w);low[v]=min(low[v],low[w])
        elif w in on: low[v]=min(low[v],index[w])
    if low[v]==index[v]:
        c=[]
        while True:
            w=stack.pop();on.discard(w);c.append(w)
            if w==v:break
        if len(c)>1: sccs.append(c)
sys.setrecursionlimit(10000)
for v in list(edges):
    if v not in index: sc(v)
if '--print' in sys.argv:
    for k in sorted(edges): print(k,'->',' '.join(sorted(edges[k])))
if sccs:
    print('module cycles:', sccs)
    sys.exit(1)
print('no module cycle (%d modules)' % len(set(edges) | {t for v in edges.values() for t in v}))
