from django.db import models


class Row(models.Model):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=24)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name
