# A notebook's worth of ordinary SageMaker Python SDK code (v2 and v3), as
# users write it: nothing here is misspelled, so metrex must find nothing
# wrong with its keywords. Used by tests/input.rs and tests/cli.rs.
import json
import os

import boto3
import sagemaker
from sagemaker import get_execution_role, image_uris
from sagemaker.debugger import ProfilerConfig, FrameworkProfile, Rule, rule_configs
from sagemaker.estimator import Estimator
from sagemaker.huggingface import HuggingFace, HuggingFaceModel
from sagemaker.inputs import TrainingInput
from sagemaker.pytorch import PyTorch, PyTorchModel
from sagemaker.serializers import JSONSerializer
from sagemaker.deserializers import JSONDeserializer
from sagemaker.sklearn.estimator import SKLearn
from sagemaker.tuner import (
    CategoricalParameter,
    ContinuousParameter,
    HyperparameterTuner,
    IntegerParameter,
)
from sagemaker.train import ModelTrainer
from sagemaker.train.configs import Compute, InputData, SourceCode, StoppingCondition
from sagemaker.core.shapes import MetricDefinition

session = sagemaker.Session()
role = get_execution_role()
bucket = session.default_bucket()
region = session.boto_region_name
prefix = "demo/metrex"

# Data channels
train_input = TrainingInput(
    s3_data=f"s3://{bucket}/{prefix}/train",
    content_type="text/csv",
    distribution="FullyReplicated",
)
validation_input = TrainingInput(s3_data=f"s3://{bucket}/{prefix}/validation", content_type="text/csv")

metric_definitions = [
    {"Name": "train:loss", "Regex": r"train_loss=([0-9.]+)"},
    {"Name": "validation:loss", "Regex": r"val_loss=([0-9.]+)"},
    {"Name": "validation:accuracy", "Regex": r"val_acc=([0-9.]+)"},
]

def make_estimator(instance_type="ml.m5.xlarge", instance_count=1, use_spot_instances=False, max_wait=None):
    """Builds the PyTorch estimator used below."""
    return PyTorch(
        entry_point="train.py",
        source_dir="src",
        role=role,
        framework_version="2.1",
        py_version="py310",
        instance_count=instance_count,
        instance_type=instance_type,
        volume_size=50,
        max_run=3600,
        use_spot_instances=use_spot_instances,
        max_wait=max_wait,
        output_path=f"s3://{bucket}/{prefix}/output",
        checkpoint_s3_uri=f"s3://{bucket}/{prefix}/checkpoints",
        base_job_name="metrex-demo",
        hyperparameters={"epochs": 10, "batch-size": 64, "lr": 0.001, "backend": "gloo"},
        metric_definitions=metric_definitions,
        enable_sagemaker_metrics=True,
        debugger_hook_config=False,
        disable_profiler=True,
        environment={"TOKENIZERS_PARALLELISM": "false"},
        tags=[{"Key": "project", "Value": "metrex"}],
        distribution={"torch_distributed": {"enabled": True}},
        keep_alive_period_in_seconds=300,
        sagemaker_session=session,
    )

estimator = make_estimator(use_spot_instances=True, max_wait=7200)
estimator.fit(inputs={"train": train_input, "validation": validation_input}, wait=False, logs="All", job_name=None)

xgb_image = image_uris.retrieve(framework="xgboost", region=region, version="1.7-1")
xgb = Estimator(
    image_uri=xgb_image,
    role=role,
    instance_count=1,
    instance_type="ml.m5.2xlarge",
    output_path=f"s3://{bucket}/{prefix}/xgb",
    sagemaker_session=session,
    rules=[Rule.sagemaker(rule_configs.loss_not_decreasing())],
    profiler_config=ProfilerConfig(system_monitor_interval_millis=500, framework_profile_params=FrameworkProfile()),
)
xgb.set_hyperparameters(objective="binary:logistic", num_round=100, max_depth=5, eta=0.2, subsample=0.8, eval_metric="auc")

sk = SKLearn(
    entry_point="train_iris.py",
    framework_version="1.2-1",
    instance_type="ml.m5.xlarge",
    role=role,
    metric_definitions=[{"Name": "test:accuracy", "Regex": "accuracy: ([0-9.]+)"}],
    hyperparameters={"max_leaf_nodes": 30},
)

hf = HuggingFace(
    entry_point="run_glue.py",
    source_dir="./scripts",
    instance_type="ml.p3.2xlarge",
    instance_count=1,
    role=role,
    transformers_version="4.36",
    pytorch_version="2.1",
    py_version="py310",
    hyperparameters={"model_name_or_path": "distilbert-base-uncased", "num_train_epochs": 3, "output_dir": "/opt/ml/model"},
    metric_definitions=[
        {"Name": "loss", "Regex": r"'loss': ([0-9]+(.|e\-)[0-9]+),?"},
        {"Name": "eval_accuracy", "Regex": r"'eval_accuracy': ([0-9.]+)"},
    ],
    git_config={"repo": "https://github.com/huggingface/transformers.git", "branch": "v4.36.0"},
)

tuner = HyperparameterTuner(
    estimator=estimator,
    objective_metric_name="validation:accuracy",
    hyperparameter_ranges={
        "lr": ContinuousParameter(1e-5, 1e-2, scaling_type="Logarithmic"),
        "batch-size": CategoricalParameter([32, 64, 128]),
        "epochs": IntegerParameter(5, 20),
    },
    metric_definitions=metric_definitions,
    objective_type="Maximize",
    strategy="Bayesian",
    max_jobs=20,
    max_parallel_jobs=2,
    early_stopping_type="Auto",
    base_tuning_job_name="metrex-tune",
)
tuner.fit({"train": train_input, "validation": validation_input}, include_cls_metadata=False)
tuner.wait()
best = tuner.best_estimator()
analytics = tuner.analytics().dataframe()

predictor = best.deploy(
    initial_instance_count=1,
    instance_type="ml.m5.large",
    serializer=JSONSerializer(),
    deserializer=JSONDeserializer(),
    endpoint_name="metrex-demo",
    wait=True,
)
print(predictor.predict({"inputs": [1, 2, 3]}, initial_args={"ContentType": "application/json"}))
predictor.delete_endpoint(delete_endpoint_config=True)

model = PyTorchModel(model_data=best.model_data, role=role, entry_point="inference.py", framework_version="2.1", py_version="py310")
transformer = model.transformer(instance_count=1, instance_type="ml.m5.xlarge", strategy="MultiRecord", assemble_with="Line", output_path=f"s3://{bucket}/{prefix}/batch")
transformer.transform(data=f"s3://{bucket}/{prefix}/batch-in", content_type="text/csv", split_type="Line", join_source="Input")

# SDK v3: ModelTrainer with MetricDefinition objects
trainer = ModelTrainer(
    training_image=xgb_image,
    source_code=SourceCode(source_dir="src", entry_script="train.py", requirements="requirements.txt"),
    compute=Compute(instance_type="ml.g5.xlarge", instance_count=1, volume_size_in_gb=50, keep_alive_period_in_seconds=0),
    stopping_condition=StoppingCondition(max_runtime_in_seconds=3600),
    hyperparameters={"epochs": 3},
    base_job_name="metrex-v3",
    role=role,
).with_metric_definitions([
    MetricDefinition(name="v3:loss", regex=r"Loss: ([0-9.]+)"),
])
trainer.train(input_data_config=[InputData(channel_name="train", data_source=f"s3://{bucket}/{prefix}/train")], wait=True, logs=True)

sm = boto3.client("sagemaker")
sm.create_training_job(
    TrainingJobName="metrex-boto3",
    RoleArn=role,
    AlgorithmSpecification={
        "TrainingImage": xgb_image,
        "TrainingInputMode": "File",
        "MetricDefinitions": [{"Name": "boto3:auc", "Regex": "validation-auc:([0-9.]+)"}],
        "EnableSageMakerMetricsTimeSeries": True,
    },
    ResourceConfig={"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
    StoppingCondition={"MaxRuntimeInSeconds": 3600},
    OutputDataConfig={"S3OutputPath": f"s3://{bucket}/{prefix}/boto3"},
    HyperParameters={"num_round": "100", "objective": "binary:logistic"},
    Tags=[{"Key": "Name", "Value": "metrex"}, {"Key": "Type", "Value": "demo"}],
)
desc = sm.describe_training_job(TrainingJobName="metrex-boto3")
print(json.dumps(desc["FinalMetricDataList"], default=str), desc["TrainingJobStatus"], os.environ.get("NAME"))
items = [dict(name=n, type=t) for n, t in [("a", "b")]]
for job in sm.list_training_jobs(NameContains="metrex", SortBy="CreationTime", SortOrder="Descending")["TrainingJobSummaries"]:
    print(job["TrainingJobName"], job.get("TrainingJobStatus"))
