#include "server.h"
#include <microhttpd.h>
int kgsh_page_handle(kgsh_request *r) { return kgsh_reply_text(r, MHD_HTTP_NOT_FOUND, "no page at %s", r->path); }
