// AWS credentials, region and the other settings from the environment and the shared config
// files (~/.aws/credentials, ~/.aws/config), the way the AWS SDKs find them. No libcrypto needed.
// This header gathers the parts; each can be included on its own.
#pragma once

#include "redrive/config.hpp"                     // resolve_region
#include "redrive/credentials/chain.hpp"          // load_credentials
#include "redrive/credentials/chain_plan.hpp"     // plan_credentials: the default chain's decisions
#include "redrive/credentials/container.hpp"      // container_settings, ContainerFetch (ECS, EKS Pod Identity)
#include "redrive/credentials/environment.hpp"    // GetEnv, process_env
#include "redrive/credentials/error.hpp"          // CredentialsErrc, CredentialsError
#include "redrive/credentials/imds.hpp"           // imds_settings, ImdsFetch (EC2 instance metadata, IMDSv2)
#include "redrive/credentials/ini.hpp"            // the shared files' INI dialect
#include "redrive/credentials/metadata_document.hpp"  // parse_metadata_credentials
#include "redrive/credentials/process.hpp"        // credential_process: ProcessFetch, run_process
#include "redrive/credentials/profile.hpp"        // Profile: a profile, sso-session or services section
#include "redrive/credentials/provider.hpp"       // CredentialsProvider, CredentialsFetch
#include "redrive/credentials/shared_files.hpp"   // credentials_from_profile
#include "redrive/credentials/timestamp.hpp"      // parse_iso8601
#include "redrive/secret.hpp"                     // SecretString, Credentials
#include "redrive/settings.hpp"                   // Settings, resolve_settings, resolve_endpoint
