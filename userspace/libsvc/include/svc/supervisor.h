/*
 * init's supervisor protocol, as far as the services need it today: the one
 * message a service sends when it is ready to serve. A placeholder for the
 * full protocol, which init's author owns and will extend here.
 *
 * SUPERVISOR_READY (any service, on the supervisor handle, [1])
 *   request: w[0..2] 0; no data, no handles.
 *   reply:   w[0] 0 or an ERR_* code.
 */
#ifndef SVC_SUPERVISOR_H
#define SVC_SUPERVISOR_H

enum svc_supervisor_tag {
	SUPERVISOR_READY = 1,
};

#endif /* SVC_SUPERVISOR_H */
