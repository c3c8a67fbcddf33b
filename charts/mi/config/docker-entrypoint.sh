{#- The MI image's entrypoint: the script every WSO2 chart shares, starting the Micro Integrator. -#}
{% import "_common.yaml" as common %}
{#- Correlation logs are switched on by a system property of the server. #}
{% set options = ["-DenableCorrelationLogs=true"] if values.wso2.config.logging.correlation.enabled else [] %}
{{ common.entrypoint(values, "micro-integrator.sh", options) }}
