/* The samgrd helpers of svc/client.h, over the generated stubs of svc/registry.h. */
#include "cairn/abi/errors.h"
#include "svc/client.h"
#include "svc/registry.h"

/* A name of len bytes at s into *ret; ERR_INVAL when it is too long to be one. */
static long name_of(const char *s, size_t len, struct svc_name *ret)
{
	if (len > SVCNAME_MAX)
		return ERR_INVAL;
	for (size_t i = 0; i < len; i++)
		ret->str[i] = s[i];
	ret->str[len] = '\0';
	ret->len = (uint32_t)len;
	return 0;
}

long svc_registry_register(cairn_handle_t registry, const char *name, size_t len, cairn_handle_t h)
{
	struct svc_registry_register_request req = {.endpoint = h};
	struct svc_registry_register_reply rep;
	long err = name_of(name, len, &req.name);

	return err != 0 ? err : svc_registry_register_call(registry, &req, &rep, SVC_CALL_TIMEOUT);
}

long svc_registry_lookup(cairn_handle_t registry, const char *name, size_t len,
			 cairn_handle_t *ret_handle)
{
	struct svc_registry_lookup_request req;
	struct svc_registry_lookup_reply rep = {0};
	long err = name_of(name, len, &req.name);

	if (err == 0)
		err = svc_registry_lookup_call(registry, &req, &rep, SVC_CALL_TIMEOUT);
	if (err == 0)
		*ret_handle = rep.endpoint;
	return err;
}

long svc_registry_list(cairn_handle_t registry, const char *after, size_t after_len,
		       struct svc_registry_list_reply *ret)
{
	struct svc_registry_list_request req;
	long err = name_of(after, after_len, &req.after);

	if (err == 0)
		err = svc_registry_list_call(registry, &req, ret, SVC_CALL_TIMEOUT);
	if (err == 0 && ret->count != ret->names_count)
		err = ERR_INVAL; /* the count disagrees with the names */
	return err;
}
