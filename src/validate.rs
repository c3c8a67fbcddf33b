//! Checks beyond types: combinations of values that would render a pod that can never
//! start, or objects Kubernetes refuses. All problems are reported together.

use crate::set_flag::Step;
use crate::values::{Provider, Values};

/// A problem with the values, at a values path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: Vec<Step>,
    pub message: String,
}

fn path(p: &str) -> Vec<Step> {
    p.split('.').map(|k| Step::Key(k.to_owned())).collect()
}

pub fn validate(v: &Values) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut problem = |p: &str, message: String| {
        problems.push(Problem {
            path: path(p),
            message,
        });
    };
    let c = &v.wso2.config;
    let d = &v.wso2.deployment;
    if c.secure_vault.enabled && v.provider == Provider::None {
        problem(
            "wso2.config.secureVault.enabled",
            "secure vault needs `provider` (aws, azure or gcp) and its secret manager settings: \
             the internal keystore password is read from the provider's secrets-store CSI \
             driver, so without one the pod can never start"
                .into(),
        );
    }
    let hpa = &d.hpa;
    if hpa.enabled {
        if hpa.min_replicas < 1 {
            problem(
                "wso2.deployment.hpa.minReplicas",
                "the autoscaler needs at least 1 replica".into(),
            );
        }
        if hpa.min_replicas > hpa.max_replicas {
            problem(
                "wso2.deployment.hpa",
                format!(
                    "minReplicas ({}) is greater than maxReplicas ({}); Kubernetes refuses such \
                     an autoscaler",
                    hpa.min_replicas, hpa.max_replicas
                ),
            );
        }
    }
    let offset = c.port_offset;
    for (base, what) in [
        (8253, "HTTPS pass-through"),
        (9201, "metrics"),
        (9164, "management"),
    ] {
        let port = base + offset - 10;
        if !(1..=65_535).contains(&port) {
            problem(
                "wso2.config.portOffset",
                format!(
                    "offset {offset} moves the {what} port {base} to {port}, outside 1-65535 \
                     (ports are {base} + portOffset - 10)"
                ),
            );
            break;
        }
    }
    problems
}
