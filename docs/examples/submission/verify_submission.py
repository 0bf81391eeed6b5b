"""An independent check of a dti-score submission's signatures, written from
docs/submission-format.md only: JCS (number-free), SHA-256 of the set, Ed25519."""
import hashlib, json, sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

def reject_dupes(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate member name")
    return dict(pairs)

def jcs(v, ints=False):
    if v is None: return "null"
    if v is True: return "true"
    if v is False: return "false"
    if isinstance(v, int) and ints and abs(v) <= 2**53 - 1: return str(v)
    if isinstance(v, (int, float)): raise ValueError("json number")
    if isinstance(v, str):
        out = ['"']
        for ch in v:
            o = ord(ch)
            if ch == '"': out.append('\\"')
            elif ch == '\\': out.append('\\\\')
            elif ch in '\b\t\n\f\r': out.append({'\b':'\\b','\t':'\\t','\n':'\\n','\f':'\\f','\r':'\\r'}[ch])
            elif o < 0x20: out.append('\\u%04x' % o)
            else: out.append(ch)
        out.append('"'); return "".join(out)
    if isinstance(v, list): return "[" + ",".join(jcs(x, ints) for x in v) + "]"
    items = sorted(v.items(), key=lambda kv: kv[0].encode("utf-16-be"))
    return "{" + ",".join(jcs(k) + ":" + jcs(x, ints) for k, x in items) + "}"

sub = json.loads(open(sys.argv[1], encoding="utf-8").read(), object_pairs_hook=reject_dupes)
setfile = json.loads(open(sys.argv[2], encoding="utf-8").read(), object_pairs_hook=reject_dupes)
payload = {k: v for k, v in sub.items() if k != "signatures"}
message = b"dti-score/submission/v1\n" + jcs(payload).encode("utf-8")
print("signed bytes sha256:", hashlib.sha256(message).hexdigest())
print("set sha256 matches:", hashlib.sha256(jcs(setfile, ints=True).encode()).hexdigest() == sub["set"]["sha256"])
for slot, signer in sub["signers"].items():
    key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(signer["public_key"]))
    fp = hashlib.sha256(bytes.fromhex(signer["public_key"])).hexdigest()[:16].upper()
    assert signer["fingerprint"] == "-".join(fp[i:i+4] for i in range(0, 16, 4))
    key.verify(bytes.fromhex(sub["signatures"][slot]), message)  # raises InvalidSignature
    print(slot, signer["name"], "signature valid")
