/* The samgrd helpers of svc/client.h. */
#include "cairn/abi/errors.h"
#include "svc/client.h"

long svc_registry_register(cairn_handle_t registry, const char *name, size_t len, cairn_handle_t h)
{
	const struct svc_shape reply = {.tag = SVC_REGISTRY_REGISTER, .words = 2};
	struct svc_msg m;
	long err = svc_registry_register_encode(&m, cairn_ipc_buffer(), name, len, h);

	if (err == 0)
		err = svc_call(registry, &m);
	if (err == 0)
		err = svc_reply_check(&m, SVC_REGISTRY_REGISTER);
	if (err == 0 && svc_shape_check(&m, &reply) != 0)
		err = ERR_INVAL;
	return err;
}

long svc_registry_lookup(cairn_handle_t registry, const char *name, size_t len,
			 cairn_handle_t *ret_handle)
{
	struct svc_msg m;
	long err = svc_registry_lookup_encode(&m, cairn_ipc_buffer(), name, len);

	if (err == 0)
		err = svc_call(registry, &m);
	if (err == 0)
		err = svc_registry_lookup_reply_decode(&m, cairn_ipc_buffer(), ret_handle);
	return err;
}

long svc_registry_list(cairn_handle_t registry, const char *after, size_t after_len,
		       struct svc_registry_page *ret)
{
	struct svc_msg m;
	long err = svc_registry_list_encode(&m, cairn_ipc_buffer(), after, after_len);

	if (err == 0)
		err = svc_call(registry, &m);
	if (err == 0)
		err = svc_registry_list_reply_decode(&m, cairn_ipc_buffer(), ret);
	return err;
}
