#!/bin/sh
{# Container entrypoint. The lines match the upstream chart's script, which the MI image's
    tooling and existing deployments rely on; only the secret file name is user input, and
    it is shell-quoted. #}
{% set sv = values.wso2.config.secureVault %}
set -e
# volume mounts
config_volume=${WORKING_DIRECTORY}/wso2-config-volume
# check if the WSO2 non-root user home exists
test ! -d ${WORKING_DIRECTORY} && echo "WSO2 Docker non-root user home does not exist" && exit 1
# check if the WSO2 product home exists
test ! -d ${WSO2_SERVER_HOME} && echo "WSO2 Docker product home does not exist" && exit 1
# copy any configuration changes mounted to config_volume
test -d ${config_volume} && [ "$(ls -A ${config_volume})" ] && cp -RL ${config_volume}/* ${WSO2_SERVER_HOME}/
{% if sv.enabled %}
# copy internal keystore credentials to password-tmp file for cipher-tool usage
{% if values.provider == "azure" %}
cp /mnt/secrets-store/{{ values.azure.keyVault.secretIdentifiers.internalKeystorePassword | sh_str }} ${WSO2_SERVER_HOME}/password-tmp
{% elif values.provider == "aws" %}
cp /mnt/secrets-store/{{ values.aws.secretManager.secretIdentifiers.internalKeystorePassword.secretKey | sh_str }} ${WSO2_SERVER_HOME}/password-tmp
{% elif values.provider == "gcp" %}
{# The GCP SecretProviderClass writes the secret under this fixed file name. #}
cp /mnt/secrets-store/INTERNAL_KEYSTORE_PASSWORD ${WSO2_SERVER_HOME}/password-tmp
{% endif %}
{% endif %}
# start WSO2 server
sh ${WSO2_SERVER_HOME}/bin/micro-integrator.sh "$@"
