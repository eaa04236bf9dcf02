/*
 * The conversion engine: walks a generated layout table (abi/<arch>/) to
 * move a struct between guest and host form, and translates flag sets and
 * enumerations through the generated constant maps.  Used by every
 * syscall handler that passes a struct or a constant whose guest and
 * host forms differ.
 */
#include <stdio.h>
#include <string.h>

#include "abi/abi.h"

const struct abi_desc *abi = &abi_aarch64;

static uint64_t load_int(const uint8_t *p, unsigned size, bool is_signed)
{
    switch (size) {
    case 1: { uint8_t v; memcpy(&v, p, 1); return is_signed ? (uint64_t)(int64_t)(int8_t)v : v; }
    case 2: { uint16_t v; memcpy(&v, p, 2); return is_signed ? (uint64_t)(int64_t)(int16_t)v : v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return is_signed ? (uint64_t)(int64_t)(int32_t)v : v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

static void store_int(uint8_t *p, unsigned size, uint64_t v)
{
    switch (size) {
    case 1: { uint8_t x = (uint8_t)v; memcpy(p, &x, 1); break; }
    case 2: { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); break; }
    case 4: { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); break; }
    default: memcpy(p, &v, 8); break;
    }
}

void abi_conv(const struct abi_layout *l, enum abi_dir dir, void *dst, const void *src)
{
    bool g2h = dir == ABI_G2H;
    size_t dsize = g2h ? l->hsize : l->gsize;
    if (l->same) {
        memmove(dst, src, dsize);
        return;
    }
    memset(dst, 0, dsize);
    for (uint32_t i = 0; i < l->nfields; i++) {
        const struct abi_field *f = &l->fields[i];
        unsigned soff = g2h ? f->goff : f->hoff, ssz = g2h ? f->gsize : f->hsize;
        unsigned doff = g2h ? f->hoff : f->goff, dsz = g2h ? f->hsize : f->gsize;
        if (f->kind == ABI_F_BYTES) {
            memcpy((uint8_t *)dst + doff, (const uint8_t *)src + soff, ssz < dsz ? ssz : dsz);
            continue;
        }
        uint64_t v = load_int((const uint8_t *)src + soff, ssz, f->kind == ABI_F_INT);
        store_int((uint8_t *)dst + doff, dsz, v);
    }
}

void abi_conv_array(const struct abi_layout *l, enum abi_dir dir, void *dst,
                    const void *src, size_t n)
{
    size_t ss = dir == ABI_G2H ? l->gsize : l->hsize;
    size_t ds = dir == ABI_G2H ? l->hsize : l->gsize;
    for (size_t i = 0; i < n; i++)
        abi_conv(l, dir, (uint8_t *)dst + i * ds, (const uint8_t *)src + i * ss);
}

uint64_t abi_flags(const struct abi_map *m, enum abi_dir dir, uint64_t v)
{
    if (m->same)
        return v;
    bool g2h = dir == ABI_G2H;
    uint64_t out = 0, rest = v;
    for (uint32_t i = 0; i < m->n; i++) {
        const struct abi_const *c = &m->c[i];
        uint64_t from = (uint64_t)(g2h ? c->g : c->h), to = (uint64_t)(g2h ? c->h : c->g);
        bool has_from = g2h ? c->has_g : c->has_h, has_to = g2h ? c->has_h : c->has_g;
        if (!has_from || from == 0 || (v & from) != from)
            continue;
        rest &= ~from;
        if (has_to)
            out |= to;
    }
    return out | rest;
}

int64_t abi_value(const struct abi_map *m, enum abi_dir dir, int64_t v)
{
    if (m->same)
        return v;
    bool g2h = dir == ABI_G2H;
    for (uint32_t i = 0; i < m->n; i++) {
        const struct abi_const *c = &m->c[i];
        if ((g2h ? c->has_g : c->has_h) && (g2h ? c->g : c->h) == v)
            return (g2h ? c->has_h : c->has_g) ? (g2h ? c->h : c->g) : v;
    }
    return v;
}

const char *abi_value_name(const struct abi_map *m, int64_t guest_v)
{
    for (uint32_t i = 0; i < m->n; i++)
        if (m->c[i].has_g && m->c[i].g == guest_v)
            return m->c[i].name;
    return NULL;
}

char *abi_flags_str(const struct abi_map *m, uint64_t guest_v, char *buf, size_t len)
{
    size_t used = 0;
    uint64_t rest = guest_v;
    buf[0] = 0;
    for (uint32_t i = 0; i < m->n && used < len; i++) {
        const struct abi_const *c = &m->c[i];
        uint64_t b = (uint64_t)c->g;
        if (!c->has_g || b == 0 || (rest & b) != b)
            continue;
        rest &= ~b;
        used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? "|" : "", c->name);
    }
    if (used < len && (rest || !used))
        snprintf(buf + used, len - used, "%s%#llx", used ? "|" : "", (unsigned long long)rest);
    return buf;
}
