/* Output buffering (hosted_out.h): bytes in, the moments to write them out. */
#include "hosted_out.h"

void hosted_out_init(struct hosted_out *o, bool crlf, bool unbuffered)
{
	o->len = 0;
	o->crlf = crlf;
	o->unbuffered = unbuffered;
}

static uint32_t bytes_for(const struct hosted_out *o, char c)
{
	return c == '\n' && o->crlf ? 2u : 1u;
}

bool hosted_out_fits(const struct hosted_out *o, char c)
{
	return o->len + bytes_for(o, c) <= HOSTED_OUT_MAX;
}

bool hosted_out_put(struct hosted_out *o, char c)
{
	if (c == '\n' && o->crlf)
		o->buf[o->len++] = '\r';
	o->buf[o->len++] = (uint8_t)c;
	return o->unbuffered || c == '\n' || o->len == HOSTED_OUT_MAX;
}

void hosted_out_drained(struct hosted_out *o)
{
	o->len = 0;
}
