/*
 * Identity proofs. A badge cannot be forged (MARKER_INIT_BADGE): badgeprobe
 * holds a handle badged BADGE_PROBE (with RIGHT_MINT), claims in its message
 * to be init, and tries to mint itself init's badge; init, the server, sees
 * the kernel's stamp BADGE_PROBE, the claim only as a word, and the mint
 * refused with ERR_BUSY. A lookup policy refuses is denied and audited
 * (MARKER_INIT_POLICY_AUDIT): lookupprobe, bound in policyd as "probe", asks
 * samgrd for "registry", which no rule lets it find (services/policyd/
 * policy.rules), and for "log", which every service may; the first is
 * ERR_DENIED, the second a handle, and logd holds policyd's deny record for
 * the first, under policyd's own badge.
 */
#include <stdio.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "cairn/print.h"
#include "cairn/sys.h"
#include "probe.h"
#include "svc/client.h"
#include "testinit.h"

#define BADGE_PROBE	     (TESTINIT_BADGE_PROBE + 1u)
#define LOOKUP_PROBE	     (TESTINIT_BADGE_PROBE + 2u)
#define LOOKUP_PROBE_NAME    "probe"
#define LOOKUP_PROBE_DENIED  "registry"
#define LOOKUP_PROBE_ALLOWED "log"

/* What badgeprobe reported: the kernel's badge, the claim as a word, its mint refused. */
static int expect_badge_report(const struct init_ctx *c, const struct cairn_msg *m)
{
	if (m->badge != BADGE_PROBE)
		return init_fail(c, "server saw badge 0x%lx, the probe's handle has 0x%x",
				 (unsigned long)m->badge, BADGE_PROBE);
	if (m->w[0] != SUPERVISOR_BADGE_INIT)
		return init_fail(c, "the probe's claim came as 0x%lx", (unsigned long)m->w[0]);
	return init_expect(c, "mint on a badged handle", (long)(int64_t)m->w[1], ERR_BUSY);
}

int check_badge(struct init_ctx *c)
{
	long ep = cairn_endpoint_create(c->self);
	long h = ep < 0 ? ep
			: cairn_endpoint_mint((cairn_handle_t)ep, BADGE_PROBE,
					      RIGHT_SEND | RIGHT_MINT | RIGHT_TRANSFER);
	cairn_handle_t give = (cairn_handle_t)h;
	struct cairn_msg m;
	long proc;
	int rc;

	if (init_expect_ok(c, "badged handle", h) != 0)
		return -1;
	proc = probe_spawn(c, "badgeprobe", &give, 1, RIGHT_DUP);
	(void)cairn_handle_close(give);
	rc = proc < 0 ? -1 : probe_report(c, (cairn_handle_t)ep, &m);
	if (rc == 0)
		rc = expect_badge_report(c, &m);
	if (proc >= 0 && probe_end(c, (cairn_handle_t)proc, 0) != 0)
		rc = -1;
	(void)cairn_handle_close((cairn_handle_t)ep);
	return rc;
}

/* Starts lookupprobe with a registry handle and a report handle, both badged LOOKUP_PROBE. */
static long start_lookup_probe(const struct init_ctx *c, cairn_handle_t report)
{
	long reg = cairn_endpoint_mint(c->graph->ep[MANIFEST_H_REGISTRY], LOOKUP_PROBE,
				       RIGHT_SEND | RIGHT_TRANSFER);
	long rep = cairn_endpoint_mint(report, LOOKUP_PROBE, RIGHT_SEND | RIGHT_TRANSFER);
	cairn_handle_t give[2] = {(cairn_handle_t)reg, (cairn_handle_t)rep};
	long proc = -1;

	if (init_expect_ok(c, "badged registry handle", reg) == 0 &&
	    init_expect_ok(c, "badged report handle", rep) == 0)
		proc = probe_spawn(c, "lookupprobe", give, 2, RIGHT_DUP);
	for (int k = 0; k < 2; k++) {
		if (give[k] > 0)
			(void)cairn_handle_close(give[k]);
	}
	return proc;
}

/* policyd's deny record for the probe's first lookup, written under policyd's badge. */
static int expect_audit(struct init_ctx *c)
{
	char needle[160];
	int32_t policyd = graph_server(c->graph, MANIFEST_H_POLICY);

	(void)snprintf(
		needle, sizeof(needle),
		"0x%016llx deny badge=0x%016llx subject=%s action=lookup object=%s rule=none",
		(unsigned long long)graph_badge((uint32_t)policyd),
		(unsigned long long)LOOKUP_PROBE, LOOKUP_PROBE_NAME, LOOKUP_PROBE_DENIED);
	return probe_log_contains(c, needle);
}

int check_policy_audit(struct init_ctx *c)
{
	const struct init_graph *g = c->graph;
	long report = cairn_endpoint_create(c->self);
	struct cairn_msg m;
	long proc;
	int rc;

	if (!graph_serving(g, MANIFEST_H_REGISTRY) || !graph_serving(g, MANIFEST_H_POLICY) ||
	    !graph_serving(g, MANIFEST_H_LOG))
		return init_fail(c, "registry, policy and log must all be served");
	if (init_expect_ok(c, "report endpoint", report) != 0 ||
	    init_expect(c, "bind the probe's badge",
			svc_policy_bind(g->send[MANIFEST_H_POLICY], LOOKUP_PROBE, LOOKUP_PROBE_NAME,
					strlen(LOOKUP_PROBE_NAME)),
			0) != 0)
		return -1;
	proc = start_lookup_probe(c, (cairn_handle_t)report);
	rc = proc < 0 ? -1 : probe_report(c, (cairn_handle_t)report, &m);
	if (rc == 0)
		rc = init_expect(c, "report's badge", (long)m.badge, LOOKUP_PROBE) ||
		     init_expect(c, "lookup of " LOOKUP_PROBE_DENIED, (long)(int64_t)m.w[0],
				 ERR_DENIED) ||
		     init_expect(c, "lookup of " LOOKUP_PROBE_ALLOWED, (long)(int64_t)m.w[1], 0);
	if (proc >= 0 && probe_end(c, (cairn_handle_t)proc, 0) != 0)
		rc = -1;
	(void)svc_policy_unbind(g->send[MANIFEST_H_POLICY], LOOKUP_PROBE);
	(void)cairn_handle_close((cairn_handle_t)report);
	return rc != 0 ? rc : expect_audit(c);
}
