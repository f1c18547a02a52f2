/* The samgrd helpers of svc/client.h, over the generated stubs of svc/registry.h. */
#include "cairn/abi/errors.h"
#include "svc/client.h"
#include "svc/registry.h"

long svc_registry_register(cairn_handle_t registry, const char *name, size_t len, cairn_handle_t h)
{
	struct svc_registry_register_request req = {.endpoint = h};
	struct svc_registry_register_reply rep;
	long err = svc_name_set(&req.name, name, len);

	return err != 0 ? err : svc_registry_register_call(registry, &req, &rep, SVC_CALL_TIMEOUT);
}

long svc_registry_lookup(cairn_handle_t registry, const char *name, size_t len,
			 cairn_handle_t *ret_handle)
{
	struct svc_registry_lookup_request req;
	struct svc_registry_lookup_reply rep = {0};
	long err = svc_name_set(&req.name, name, len);

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
	long err = svc_name_set(&req.after, after, after_len);

	if (err == 0)
		err = svc_registry_list_call(registry, &req, ret, SVC_CALL_TIMEOUT);
	if (err == 0 && ret->count != ret->names_count)
		err = ERR_INVAL; /* the count disagrees with the names */
	return err;
}
