/* bulk.h: support for the synthetic region loader (`regie demo --scale N`, app/demo_scale.c):
 * a load mode for one connection and the row counts the loader reports. The loader writes its
 * rows through the ordinary repository functions (same sealing, blind indexes and access-log
 * path as real data); nothing here inserts personal data. Same conventions as store.h. */
#ifndef REGIE_STORE_BULK_H
#define REGIE_STORE_BULK_H

#include "store/store.h"

/* Load mode on this connection and its key vault: on = synchronous=OFF and a 128 MiB page cache
 * (a crash mid-load may lose or corrupt the partly loaded data: only for a fresh demo data dir);
 * off = back to synchronous=FULL and the default 8 MiB cache, then a WAL checkpoint (TRUNCATE)
 * of the database and the vault, which under FULL syncs both files: once this returns 0 the
 * whole load is durable. Not inside a transaction (ERR_INVAL). ERR_DB. */
int store_bulk_mode(struct store *st, bool on, struct err *e) WUR;

/* Row counts of the tables the loader fills (whole database, every region). */
struct store_bulk_counts {
    int64_t persons;          /* person rows (signal subjects and network persons) */
    int64_t signals;
    int64_t cases;
    int64_t weighings;
    int64_t plans;
    int64_t measures;
    int64_t tasks;            /* checklist items */
    int64_t network_persons;
    int64_t relations;
    int64_t meetings;
    int64_t agenda_items;
    int64_t word_tokens;
    int64_t audit_records;
    int64_t checkpoints;
    int64_t data_keys;        /* data-key groups */
};
int store_bulk_counts(struct store *st, struct store_bulk_counts *out, struct err *e) WUR;

#endif
