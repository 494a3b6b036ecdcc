#!/usr/bin/env python3
"""Generates ed25519-edge-cases.json (docs/protocol/crypto.md §2.1), the signature edge cases both providers must
judge identically. Test tooling only: plain affine/extended Edwards arithmetic from RFC 8032 §5.1 and §6, used to
construct signatures that satisfy the unchecked verification equation with small-order, mixed-order or
non-canonical components. Deterministic; run `python3 ed25519_edge_cases.py > ed25519-edge-cases.json`."""
import hashlib
import json

p = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
d = -121665 * pow(121666, p - 2, p) % p
I = pow(2, (p - 1) // 4, p)  # sqrt(-1)


def sha512(data):
    return hashlib.sha512(data).digest()


def add(P, Q):
    x1, y1, z1, t1 = P
    x2, y2, z2, t2 = Q
    a = (y1 - x1) * (y2 - x2) % p
    b = (y1 + x1) * (y2 + x2) % p
    c = t1 * 2 * d * t2 % p
    dd = z1 * 2 * z2 % p
    e, f, g, h = b - a, dd - c, dd + c, b + a
    return (e * f % p, g * h % p, f * g % p, e * h % p)


def mul(s, P):
    Q = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            Q = add(Q, P)
        P = add(P, P)
        s >>= 1
    return Q


def encode(P):
    x, y, z, _ = P
    zi = pow(z, p - 2, p)
    x, y = x * zi % p, y * zi % p
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def recover_x(y, sign):
    if y >= p:
        return None
    x2 = (y * y - 1) * pow(d * y * y + 1, p - 2, p) % p
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (p + 3) // 8, p)
    if (x * x - x2) % p != 0:
        x = x * I % p
    if (x * x - x2) % p != 0:
        return None
    if (x & 1) != sign:
        x = p - x
    return x


def point(y, sign=0):
    x = recover_x(y, sign)
    return (x, y, 1, x * y % p)


def decode_lenient(data):
    """Decodes y mod p (accepting y >= p), as a lenient verifier would."""
    v = int.from_bytes(data, "little")
    y, sign = (v & ((1 << 255) - 1)) % p, v >> 255
    x = recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % p)


G = point(4 * pow(5, p - 2, p) % p, 0)
T8 = decode_lenient(bytes.fromhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"))
T2 = (0, p - 1, 1, 0)
T4 = point(0, 0)
IDENTITY = (0, 1, 1, 0)


def secret(seed):
    h = sha512(seed)
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    return a, h[32:]


def k_of(R, A, M):
    return int.from_bytes(sha512(R + A + M), "little") % L


def sign(seed, M):
    a, prefix = secret(seed)
    A = encode(mul(a, G))
    r = int.from_bytes(sha512(prefix + M), "little") % L
    R = encode(mul(r, G))
    return A, R + ((r + k_of(R, A, M) * a) % L).to_bytes(32, "little")


SEED = hashlib.sha256(b"chatalot-v2-vectors/ed25519").digest()
a_secret, _ = secret(SEED)
A_VALID = encode(mul(a_secret, G))
MSG = b"Chatalot Ed25519 edge case"
cases = []


def case(name, pk, msg, sig, why):
    cases.append({"name": name, "public_key": pk.hex(), "message": msg.hex(), "signature": sig.hex(),
                  "valid": name == "valid", "why": why})


def s_bytes(s):
    return s.to_bytes(32, "little")


A, sig = sign(SEED, MSG)
assert A == A_VALID
case("valid", A, MSG, sig, "an ordinary signature")
case("wrong_message", A, MSG + b"!", sig, "the message was changed")
S = int.from_bytes(sig[32:], "little")
case("s_plus_l", A, MSG, sig[:32] + s_bytes(S + L), "S + L satisfies the equation but S >= L (malleability)")
case("s_high_bits", A, MSG, sig[:32] + bytes(sig[32:63]) + bytes([sig[63] | 0xE0]), "S >= 2^253")

# Small-order public keys: [k]A = identity, so R = [s]B, S = s satisfies the unchecked equation.
for name, T, order in [("a_identity", IDENTITY, 1), ("a_order_2", T2, 2), ("a_order_4", T4, 4), ("a_order_8", T8, 8)]:
    pk = encode(T)
    for i in range(1000):
        M = MSG + bytes([i])
        s = 12345 + i
        R = encode(mul(s, G))
        if k_of(R, pk, M) % order == 0:
            case(name, pk, M, R + s_bytes(s), f"public key of order {order}; the unchecked equation holds")
            break

# Non-canonical encodings of the identity as public key (y = p + 1, and x = 0 with the sign bit set).
for name, pk in [("a_identity_noncanonical_y", (p + 1).to_bytes(32, "little")),
                 ("a_identity_negative_zero", (1 | (1 << 255)).to_bytes(32, "little"))]:
    R = encode(mul(777, G))
    case(name, pk, MSG, R + s_bytes(777), "non-canonical encoding of the identity; the unchecked equation holds")

# R = identity: S = k * a gives [S]B = R + [k]A. libsodium refuses small-order R; BouncyCastle does not.
R = encode(IDENTITY)
case("r_identity", A_VALID, MSG, R + s_bytes(k_of(R, A_VALID, MSG) * a_secret % L),
     "R is the identity (small order); the equation holds exactly")
R = (p + 1).to_bytes(32, "little")
case("r_identity_noncanonical_y", A_VALID, MSG, R + s_bytes(k_of(R, A_VALID, MSG) * a_secret % L),
     "R is a non-canonical encoding of the identity")

# R of mixed order: R = [r]B + T, S = r + k*a, so [S]B - [k]A - R = -T. A cofactored or partly cofactored check accepts.
for i, T in enumerate([T2, T4, T8, T2, T8]):
    M = MSG + b" mixed R " + bytes([i])
    r = 1000 + i
    R = encode(add(mul(r, G), T))
    case(f"r_mixed_order_{i}", A_VALID, M, R + s_bytes((r + k_of(R, A_VALID, M) * a_secret) % L),
         "R has a torsion component; only a cofactored equation holds")

# A of mixed order, with a signature for which the cofactorless equation holds exactly (R absorbs [k]T8).
A_MIXED = encode(add(mul(a_secret, G), T8))
for i in range(10000):
    r = 5000 + i
    j = i % 8
    R = encode(add(mul(r, G), mul(j, T8)))
    k = k_of(R, A_MIXED, MSG)
    if (-k) % 8 == j:
        case("a_mixed_order", A_MIXED, MSG, R + s_bytes((r + k * a_secret) % L),
             "A has a torsion component; the cofactorless equation holds, so lenient verifiers accept")
        break

# A non-canonical (y >= p) for a point with small y that is on the curve.
for y in range(2, 19):
    if recover_x(y, 0) is not None:
        pk = (y + p).to_bytes(32, "little")
        case("a_noncanonical_y", pk, MSG, sig, "y >= p")
        break



def same(P, Q):
    return encode(P) == encode(Q)


# Record, for each case, which form of the equation holds when every encoding is decoded leniently (y mod p):
# cofactorless [S]B = R + [k]A, or cofactored [8][S]B = [8]R + [8][k]A (ZIP-215). This documents why each case is
# an edge case; the verdict under our rule is 'valid'.
for c in cases:
    pk, sg, M = bytes.fromhex(c["public_key"]), bytes.fromhex(c["signature"]), bytes.fromhex(c["message"])
    Ap, Rp = decode_lenient(pk), decode_lenient(sg[:32])
    S = int.from_bytes(sg[32:], "little")
    if Ap is None or Rp is None:
        c["cofactorless"] = c["cofactored"] = False
        continue
    k = k_of(sg[:32], pk, M)
    lhs, rhs = mul(S, G), add(Rp, mul(k, Ap))
    c["cofactorless"] = same(lhs, rhs)
    c["cofactored"] = same(mul(8, lhs), mul(8, rhs))

assert same(mul(8, T8), IDENTITY) and not same(mul(4, T8), IDENTITY)
plain_failures = ("wrong_message", "s_high_bits", "a_identity_negative_zero", "a_noncanonical_y")
assert all(c["cofactored"] for c in cases if c["name"] not in plain_failures)
print(json.dumps({"description": "Ed25519 verification edge cases (docs/protocol/crypto.md §2.1). Generated by "
                  "ed25519_edge_cases.py. 'valid' is the verdict under the strict rule both providers apply.",
                  "cases": cases}, indent=2))
