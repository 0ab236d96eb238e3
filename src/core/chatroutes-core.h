/* SPDX-License-Identifier: MIT */
#pragma once

#include "chatroutes-error.h"
#include "chatroutes-resources.h"
#include "chatroutes-decode.h"
#include "chatroutes-content-hash.h"
#include "chatroutes-sse.h"
#include "chatroutes-stream.h"
#include "chatroutes-service.h"
#include "chatroutes-secret.h"
#include "chatroutes-conversation-list.h"
#include "chatroutes-branch-tree.h"
#include "chatroutes-message-path.h"
#include "chatroutes-message-tree.h"
#include "chatroutes-branch-compare.h"
#include "chatroutes-model-catalog.h"
#include "chatroutes-draft-store.h"
