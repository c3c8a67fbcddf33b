{#- The MI image's entrypoint: the script every WSO2 chart shares, starting the Micro Integrator. -#}
{% import "_common.yaml" as common %}
{{ common.entrypoint(values, "micro-integrator.sh") }}
