// Log Analytics workspace that receives the Batch account's diagnostic logs and metrics.
@description('Name of the Log Analytics workspace.')
param name string

@description('Location of the workspace.')
param location string

@description('Tags applied to the workspace.')
param tags object

@description('Days to keep logs.')
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

output workspaceId string = workspace.id
output name string = workspace.name
