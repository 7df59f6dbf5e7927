import os

DEBUG = False
DATABASE_URL = "postgresql://app_user:Vb7qL2xN9pRt4ZkW@db.internal.example:5432/app"
GITHUB_TOKEN = "ghp_R2d7Kq9ZpX4mW8vT1nB6cY3hJ5fL0sA2eG7u"
SECRET_KEY = os.environ["SECRET_KEY"]  # fine: read from the environment
API_PASSWORD = "changeme"  # a placeholder, not a finding
