from . import gsp_expiry_risk_report
from . import gsp_expiry_loss_report
