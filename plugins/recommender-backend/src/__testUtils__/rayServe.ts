/**
 * What Ray Serve's REST API (`GET <dashboard>/api/serve/applications/`) answers, recorded from the
 * local platform's Ray 2.60.0 running apps/recommender-serving (the controller's health metrics left
 * out): one application `recommender`, one deployment `Recommender`, one running replica.
 */
const ANSWER = {
  controller_info: {
    node_id: '62866da3e9d860962694af1ef830601a35e033809e6ee940fb4b8507',
    node_ip: '127.0.0.1',
    node_instance_id: '',
    actor_id: '7b0f02cad9cf08d4a6dd25da09000000',
    actor_name: 'SERVE_CONTROLLER_ACTOR',
    worker_id: 'c5a60756ea19a50a5adbb955c716edb7732966050309e6176d0e6643',
    log_file_path: '/serve/controller_6734.log',
  },
  proxy_location: 'EveryNode',
  http_options: {
    host: '127.0.0.1',
    port: 8000,
  },
  grpc_options: {},
  proxies: {
    '62866da3e9d860962694af1ef830601a35e033809e6ee940fb4b8507': {
      node_id: '62866da3e9d860962694af1ef830601a35e033809e6ee940fb4b8507',
      node_ip: '127.0.0.1',
      node_instance_id: '',
      actor_id: 'd4e292b28fd6070a2cba1d3c09000000',
      actor_name:
        'SERVE_PROXY_ACTOR-62866da3e9d860962694af1ef830601a35e033809e6ee940fb4b8507',
      worker_id: 'a0da8e8dc84dfc09e76a333beb0e5e2689850d9a7835c92ad6644aac',
      log_file_path: '/serve/proxy_127.0.0.1.log',
      status: 'HEALTHY',
    },
  },
  applications: {
    recommender: {
      name: 'recommender',
      route_prefix: '/',
      docs_path: null,
      status: 'RUNNING',
      message: '',
      last_deployed_time_s: 1796052059.344632,
      deployed_app_config: null,
      source: 'imperative',
      deployments: {
        Recommender: {
          name: 'Recommender',
          status: 'HEALTHY',
          status_trigger: 'CONFIG_UPDATE_COMPLETED',
          message: '',
          deployment_config: {
            name: 'Recommender',
            num_replicas: 1,
            max_ongoing_requests: 5,
            max_queued_requests: -1,
            backpressure_config: {
              status_code: 503,
              retry_after_s: null,
            },
            user_config: null,
            graceful_shutdown_wait_loop_s: 2.0,
            graceful_shutdown_timeout_s: 20.0,
            health_check_period_s: 10.0,
            health_check_timeout_s: 30.0,
            ray_actor_options: {
              runtime_env: {
                working_dir: 'gcs://_ray_pkg_cfb2b4745089202e.zip',
                env_vars: {
                  SERVE_MODEL_PREFIX: 'models/recommender',
                },
              },
              num_cpus: 0.1,
            },
            request_router_config: {
              request_router_class:
                'ray.serve._private.request_router:PowerOfTwoChoicesRequestRouter',
              request_router_kwargs: {},
              request_routing_stats_period_s: 10.0,
              request_routing_stats_timeout_s: 30.0,
              initial_backoff_s: 0.025,
              backoff_multiplier: 2.0,
              max_backoff_s: 0.5,
            },
            rolling_update_percentage: 0.2,
            max_surge_percent: 0,
          },
          target_num_replicas: 1,
          required_resources: {
            CPU: 0.1,
          },
          replicas: [
            {
              node_id:
                '62866da3e9d860962694af1ef830601a35e033809e6ee940fb4b8507',
              node_ip: '127.0.0.1',
              node_instance_id: '',
              actor_id: 'caedc7383f68fdb7e764cb2e09000000',
              actor_name: 'SERVE_REPLICA::recommender#Recommender#sl1nxpqf',
              worker_id:
                '8aaf31e35d2ee2b30dd41166159e1f4c4d7df30020b93616788dd276',
              log_file_path:
                '/serve/replica_recommender_Recommender_sl1nxpqf.log',
              replica_id: 'sl1nxpqf',
              state: 'RUNNING',
              pid: 6817,
              start_time_s: 1796052059.4765573,
            },
          ],
          recent_dead_replicas: [],
        },
      },
      external_scaler_enabled: false,
      deployment_topology: {
        app_name: 'recommender',
        nodes: {
          Recommender: {
            name: 'Recommender',
            app_name: 'recommender',
            outbound_deployments: [],
            is_ingress: true,
          },
        },
        ingress_deployment: 'Recommender',
      },
    },
  },
  target_capacity: null,
  target_groups: [
    {
      targets: [
        {
          ip: '127.0.0.1',
          port: 8000,
          instance_id: '',
          name: 'SERVE_PROXY_ACTOR-62866da3e9d860962694af1ef830601a35e033809e6ee940fb4b8507',
        },
      ],
      route_prefix: '/',
      protocol: 'HTTP',
      app_name: '',
      ingress_request_router_targets: [],
      ingress_deployment_name: '',
    },
  ],
  restores_unset_config_options: true,
};

/** A copy of the recorded answer, to change in a test. */
export function serveApplicationsAnswer(): any {
  return JSON.parse(JSON.stringify(ANSWER));
}

/** The recorded answer's application, to change in a test. */
export function recommenderApplication(answer: any): any {
  return answer.applications.recommender;
}

/** What the service's `GET /status` answers (apps/recommender-serving, watcher.py). */
export const SERVE_STATUS = {
  version_id: 'rec-v3',
  loaded_at: '2026-11-30T15:21:00.667331+00:00',
  checked_at: '2026-11-30T15:25:01.133487+00:00',
  error: null,
  users: 198,
  products: 100,
};
