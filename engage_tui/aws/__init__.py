"""The data layer: talks to SSM Contacts / SSM Incidents through boto3; knows nothing of Textual."""
