{#- The ICP image's entrypoint: the script every WSO2 chart shares, starting the dashboard. -#}
{% import "_common.yaml" as common %}
{{ common.entrypoint(values, "dashboard.sh") }}
