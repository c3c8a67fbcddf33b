//! The one place where a chart is tied to its typed values.
//!
//! Everything between reading the values files and printing objects (merging, typing with
//! path-precise errors, semantic checks, placeholder cleanup, rendering, checking the output)
//! is generic over [`ChartValues`]. A chart names its values type through [`ChartKind`],
//! and code that needs the concrete type dispatches once with [`with_chart_values!`]. A new
//! chart adds templates, a values type implementing [`ChartValues`], and one `ChartKind`
//! variant; nothing else changes.

use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::validate::Problem;

/// The typed values of one chart.
pub trait ChartValues: Serialize + DeserializeOwned + JsonSchema {
    /// Combinations of values the chart cannot render into something that runs; every
    /// problem at once, each at its values path.
    fn validate(&self) -> Vec<Problem>;

    /// Removes or fills in placeholder entries the chart's defaults and upstream values
    /// files carry, one warning for each.
    fn drop_placeholders(&mut self) -> Vec<String>;
}

impl ChartValues for crate::values::Values {
    fn validate(&self) -> Vec<Problem> {
        crate::validate::validate(self)
    }

    fn drop_placeholders(&mut self) -> Vec<String> {
        crate::values::Values::drop_placeholders(self)
    }
}

/// The built-in charts' values types. A chart on disk picks one by its `Chart.yaml` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// WSO2 Integrator: MI, typed by [`crate::values::Values`].
    Mi,
    /// WSO2 Integration Control Plane, typed by [`crate::icp_values::IcpValues`].
    Icp,
}

impl ChartKind {
    /// Every kind, with the built-in chart argument and the `Chart.yaml` name it answers to.
    pub const ALL: &[(ChartKind, &str, &str)] = &[
        (ChartKind::Mi, "mi", "mi"),
        (ChartKind::Icp, "icp", "wso2-integration-control-plane"),
    ];

    /// The kind whose chart is named `name` in its `Chart.yaml`.
    pub fn from_chart_name(name: &str) -> Option<ChartKind> {
        Self::ALL
            .iter()
            .find(|(_, _, chart)| *chart == name)
            .map(|(kind, _, _)| *kind)
    }

    /// The kind of the built-in chart given as `arg` on the command line (`mi`, `icp`).
    pub fn from_built_in(arg: &str) -> Option<ChartKind> {
        Self::ALL
            .iter()
            .find(|(_, built_in, _)| *built_in == arg)
            .map(|(kind, _, _)| *kind)
    }

    /// The chart argument of the built-in chart of this kind.
    pub fn built_in(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(kind, _, _)| *kind == self)
            .map_or("", |(_, built_in, _)| built_in)
    }
}

/// Runs `$body` with `$V` bound to the values type of the chart kind `$kind`:
///
/// ```ignore
/// with_chart_values!(chart.kind, V => typed_values_as::<V>(&layers, false, warn)?.render(..))
/// ```
#[macro_export]
macro_rules! with_chart_values {
    ($kind:expr, $V:ident => $body:expr) => {
        match $kind {
            $crate::chart_values::ChartKind::Mi => {
                type $V = $crate::values::Values;
                $body
            }
            $crate::chart_values::ChartKind::Icp => {
                type $V = $crate::icp_values::IcpValues;
                $body
            }
        }
    };
}
